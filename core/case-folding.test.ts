import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldCase, rewriteFilter, rewriteQuery, withShadows } from './case-folding.js';

test('folds Russian and Kazakh letters as Directus lowers the compared value', () => {
  assert.equal(foldCase('ПЕРВЫЙ запуск Ёлки Әліппе'), 'первый запуск ёлки әліппе');
  assert.equal(foldCase(null), null);
});

test('each shadow follows its own field; a shadow sent without its field is dropped', () => {
  assert.deepEqual(withShadows('sections', { title: 'Первый сервер', status: 'planned' }), { title: 'Первый сервер', status: 'planned', search_title: 'первый сервер' });
  assert.deepEqual(withShadows('sections', { body: null, search_title: 'подделка' }), { body: null, search_body: null });
  assert.deepEqual(withShadows('directus_users', { first_name: 'Алия' }), { first_name: 'Алия', search_first_name: 'алия' });
  assert.deepEqual(withShadows('directus_comments', { comment: 'Первый' }), { comment: 'Первый' });
});

test('case-insensitive operators on a shadowed field move onto its shadow; the rest stays', () => {
  assert.deepEqual(rewriteFilter('sections', { title: { _icontains: 'ПЕРВЫЙ' } }), { search_title: { _icontains: 'первый' } });
  assert.deepEqual(rewriteFilter('sections', { status: { _eq: 'review' }, title: { _icontains: 'Первый', _nnull: true } }), {
    _and: [{ status: { _eq: 'review' } }, { search_title: { _icontains: 'первый' } }, { title: { _nnull: true } }],
  });
  assert.deepEqual(rewriteFilter('sections', { _or: [{ body: { _nicontains: 'Сервер' } }, { code: { _icontains: '02' } }] }), {
    _or: [{ search_body: { _nicontains: 'сервер' } }, { code: { _icontains: '02' } }],
  });
});

test('follows the relations into sections and users', () => {
  assert.deepEqual(rewriteFilter('sections', { parent: { title: { _istarts_with: 'Глава' } }, owner: { first_name: { _ieq: 'Алия' } } }), {
    parent: { search_title: { _istarts_with: 'глава' } },
    owner: { search_first_name: { _ieq: 'алия' } },
  });
  assert.deepEqual(rewriteFilter('sections', { children: { _some: { title: { _icontains: 'Запуск' } } } }), { children: { _some: { search_title: { _icontains: 'запуск' } } } });
});

test('a query without a filter is left as it is', () => {
  const query: { search: string; limit: number; filter?: unknown } = { search: 'Первый', limit: 10 };
  assert.equal(rewriteQuery('sections', query), query);
});
