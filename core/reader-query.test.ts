import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReaderQuery, textReferenceIn } from './reader-query.js';

const reader = { kind: 'reader', userId: 'site' } as const;

describe('textReferenceIn', () => {
  test('finds the text fields wherever a query can evaluate them', () => {
    const cases: [object, string][] = [
      [{ filter: { body: { _contains: 'секрет' } } }, 'filter.body'],
      [{ filter: { _and: [{ status: { _eq: 'review' } }, { summary: { _nnull: true } }] } }, 'filter._and[1].summary'],
      [{ filter: { children: { body: { _contains: 'x' } } } }, 'filter.children.body'],
      [{ deep: { children: { _filter: { body: { _eq: 'x' } } } } }, 'deep.children._filter.body'],
      [{ search: 'секрет' }, 'search'],
      [{ sort: ['-body'] }, 'sort'],
      [{ sort: 'code,children.summary' }, 'sort'],
      [{ aggregate: { countDistinct: ['body'] } }, 'aggregate'],
      [{ group: ['summary'] }, 'group'],
      [{ deep: { children: { _sort: ['-summary'] } } }, 'deep.children._sort'],
      [{ deep: { children: { children: { _search: 'x' } } } }, 'deep.children.children._search'],
      [{ alias: { text: 'body' } }, 'alias'],
    ];
    for (const [query, where] of cases) assert.equal(textReferenceIn(query), where, JSON.stringify(query));
  });

  test('lets through what the site asks: fields, paging, sorting by id, counting, filters on other fields', () => {
    const fine = [
      {},
      { sort: ['id'], limit: 500, offset: 1000 },
      { aggregate: { count: '*' } },
      { filter: { status: { _eq: 'published' }, code: { _starts_with: '03.' } } },
      // A filter value that happens to read "body" is data, not a field.
      { filter: { title: { _eq: 'body' } } },
      { search: '' },
      { deep: { children: { _sort: ['code'], _limit: 5 } } },
    ];
    for (const query of fine) assert.equal(textReferenceIn(query), null, JSON.stringify(query));
  });
});

describe('checkReaderQuery', () => {
  test('refuses a reader, with what to remove', () => {
    const refusal = checkReaderQuery(reader, { filter: { body: { _contains: 'x' } } });
    assert.equal(refusal?.status, 403);
    assert.match(refusal?.message ?? '', /текст только опубликованных разделов.*уберите filter\.body из запроса/);
  });

  test('editors may query the text: their permissions already cover every draft they can read', () => {
    for (const kind of ['admin', 'cto', 'student', 'system'] as const) {
      assert.equal(checkReaderQuery({ kind, userId: null }, { search: 'секрет', filter: { body: { _nnull: true } } }), null, kind);
    }
  });
});
