import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SLUG_LENGTH, sectionPath, sectionPathSegment, slugify, uniqueSlug } from './slug.js';

test('transliterates Russian', () => {
  assert.equal(slugify('Первый сервер (93.189.229.59)'), 'pervyy-server-93-189-229-59');
  assert.equal(slugify('Щука, жук, хор, цапля, чай, шум'), 'shchuka-zhuk-khor-tsaplya-chay-shum');
  assert.equal(slugify('Юла, ёж, объём, эхо, мышь'), 'yula-yozh-obyom-ekho-mysh');
  assert.equal(slugify('Бизнес-контекст и цели'), 'biznes-kontekst-i-tseli');
});

test('transliterates Kazakh letters', () => {
  assert.equal(slugify('Әғқңөұүһі'), 'agknouuhi');
  assert.equal(slugify('Қазақстан'), 'kazakstan');
});

test('lowercases, collapses separators, drops accents and trims', () => {
  assert.equal(slugify('  CI/CD --- Pipeline!!  '), 'ci-cd-pipeline');
  assert.equal(slugify('Café Résumé'), 'cafe-resume');
  assert.equal(slugify('n8n Workflow Automation'), 'n8n-workflow-automation');
});

test('empty result falls back', () => {
  assert.equal(slugify(''), 'section');
  assert.equal(slugify('📊 ⚙️'), 'section');
});

test('long titles are cut at a word boundary', () => {
  const title = 'word '.repeat(30);
  const slug = slugify(title);
  assert.ok(slug.length <= MAX_SLUG_LENGTH);
  assert.equal(slug, Array.from({ length: 16 }, () => 'word').join('-'));
  assert.equal(slugify('a'.repeat(100)), 'a'.repeat(80));
  // Exactly at the limit with a hyphen right after: nothing is lost.
  const exact = `${'b'.repeat(80)} tail`;
  assert.equal(slugify(exact), 'b'.repeat(80));
});

test('uniqueSlug appends the first free number', () => {
  assert.equal(uniqueSlug('servers', []), 'servers');
  assert.equal(uniqueSlug('servers', ['servers']), 'servers-2');
  assert.equal(uniqueSlug('servers', new Set(['servers', 'servers-2', 'servers-3'])), 'servers-4');
  const long = 'x'.repeat(80);
  const next = uniqueSlug(long, [long]);
  assert.equal(next, `${'x'.repeat(78)}-2`);
});

test('path segments and paths', () => {
  assert.equal(sectionPathSegment('02.01', 'servers'), '02-01-servers');
  assert.equal(
    sectionPath([
      { code: '02', slug: 'infrastructure' },
      { code: '02.01', slug: 'servers' },
    ]),
    '/02-infrastructure/02-01-servers/',
  );
});
