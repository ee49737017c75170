import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectionRecord } from '../../../tests/support/section-record-fixture.js';
import { buildSiteModel } from './site-model.js';
import { isKbError } from '../../../core/errors.js';
import { checkSectionLinks } from '../../../core/link-check.js';
import { boardFilterAt, outputFile, ownerAt, searchIndexGlob, sectionAt, sitePages } from './site-routes.js';

const record = sectionRecord;

const owner = '11111111-1111-4111-8111-111111111111';
const chapter = record('01', null, { title: 'Основы' });
const child = record('01.01', chapter.id, { title: 'Цели', status: 'published', owner });
const model = buildSiteModel([chapter, child], [{ id: owner, first_name: 'Айгерим', last_name: 'Сапарова' }], { siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz' });

test('every page of the site is listed once with the file the static build writes for it', () => {
  const pages = sitePages(model);
  const files = pages.map((p) => p.file);
  assert.equal(new Set(files).size, files.length, 'no file twice');
  for (const file of ['index.html', '01-osnovy/index.html', '01-osnovy/01-01-tseli/index.html', 'status/index.html', 'status/status/published/index.html', 'status/owner/aygerim-saparova/index.html', 'status/chapter/01/index.html', 'owners/index.html', 'owners/aygerim-saparova/index.html', 'owners/ne-naznachen/index.html', 'search/index.html', 'guide/index.html', '404.html', 'sitemap.xml', 'rss.xml', 'robots.txt', 'sections/index.html', 'llms.txt', 'llms-full.txt', '01-osnovy/01-01-tseli/index.md']) {
    assert.ok(files.includes(file), `${file} is a page`);
  }
  // Twelve fixed pages, two sections, the board filtered by five statuses, two owners (one is
  // "nobody") and one chapter, two owner pages, and the markdown of the one published section.
  assert.equal(pages.length, 12 + 2 + (5 + 2 + 1) + 2 + 1);
  assert.ok(!files.includes('01-osnovy/index.md'), 'a draft has no markdown page');
  assert.equal(pages.find((p) => p.file === '01-osnovy/01-01-tseli/index.md')?.request, '/01-osnovy/01-01-tseli/index.md/', 'what the renderer asks Astro for');
});

test('URL paths map to files as Astro names them with directory-format output', () => {
  assert.equal(outputFile('/'), 'index.html');
  assert.equal(outputFile('/guide/'), 'guide/index.html');
  assert.equal(outputFile('/404/'), '404.html');
  assert.equal(outputFile('/sitemap.xml'), 'sitemap.xml');
});

test('a page finds its data from its params, and unknown params are an error, not an empty page', () => {
  assert.equal(sectionAt(model, { path: '01-osnovy/01-01-tseli' }).code, '01.01');
  assert.equal(ownerAt(model, { owner: 'aygerim-saparova' }).name, 'Айгерим Сапарова');
  assert.equal(boardFilterAt(model, { kind: 'chapter', value: '01' }).count, 2);
  assert.throws(() => sectionAt(model, { path: '01-osnovy/nope' }), (e: unknown) => isKbError(e, 'not-found'));
  assert.throws(() => ownerAt(model, { owner: 'nobody' }), (e: unknown) => isKbError(e, 'not-found'));
  assert.throws(() => boardFilterAt(model, { kind: 'colour', value: 'red' }), (e: unknown) => isKbError(e, 'not-found'));
});

test('the search index reads the folders of the searchable pages: chapters and the guide', () => {
  assert.equal(searchIndexGlob(model), '{01-osnovy/**/*.html,guide/**/*.html}');
});

test('the link check knows every page the site makes: each one a link may name is not reported', () => {
  const body = sitePages(model)
    .map((page, i) => `[p${i}](${page.path})`)
    .join('\n');
  const linking = { ...child, id: '22222222-2222-4222-8222-222222222222', code: '01.02', title: 'Ссылки', body };
  assert.deepEqual(checkSectionLinks([chapter, child, linking]), []);
  assert.deepEqual(
    checkSectionLinks([chapter, child, { ...linking, body: '[x](/statistics/) [y](/01-osnovy/01-09-net/)' }]).map((l) => l.reason),
    ['no-page', 'no-page'],
  );
});
