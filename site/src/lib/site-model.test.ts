import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectionRecord } from '../../../tests/support/section-record-fixture.js';
import { isKbError } from '../../../core/errors.js';
import { buildSiteModel } from './site-model.js';

const record = sectionRecord;
const settings = { siteUrl: 'https://docs.tapbot.kz/', directusPublicUrl: 'https://dir.tapbot.kz' };

test('paths, reading order, progress and redirects come from the tree', () => {
  const chapter = record('02', null, { title: 'Инфраструктура' });
  const servers = record('02.01', chapter.id, { title: 'Серверы', slug: 'servers', status: 'published', body: 'Текст', summary: 'Кратко', previous_codes: ['03.07'] });
  const draft = record('02.02', chapter.id, { title: 'Сеть', status: 'review', body: 'Черновик', summary: 'Черновое' });
  const model = buildSiteModel([draft, servers, chapter], [], settings);
  assert.deepEqual(model.sections.map((s) => s.path), ['/02-infrastruktura/', '/02-infrastruktura/02-01-servers/', '/02-infrastruktura/02-02-set/']);
  assert.equal(model.next(servers.id)?.code, '02.02');
  assert.equal(model.previous(servers.id)?.code, '02');
  assert.equal(model.byId.get(servers.id)?.body, 'Текст');
  assert.equal(model.byId.get(draft.id)?.body, null, 'a draft shows no body');
  assert.equal(model.byId.get(draft.id)?.summary, null, 'nor its summary');
  assert.deepEqual({ ...model.byId.get(chapter.id)?.progress }, { published: 1, total: 2, percent: 50 });
  assert.equal(model.redirects.get('03.07'), '/02-infrastruktura/02-01-servers/');
  assert.equal(model.resolveCode('02.02')?.title, 'Сеть');
  assert.equal(model.editUrl(servers.id), `https://dir.tapbot.kz/admin/content/sections/${servers.id}`);
  assert.equal(model.siteUrl, 'https://docs.tapbot.kz');
});

test('the preview shows the previewed draft’s body and only that one', () => {
  const chapter = record('01', null);
  const draft = record('01.01', chapter.id, { body: 'Черновик' });
  const model = buildSiteModel([chapter, draft], [], { ...settings, previewId: draft.id });
  assert.equal(model.byId.get(draft.id)?.body, 'Черновик');
  assert.equal(model.byId.get(chapter.id)?.body, null);
});

test('owners get pages by name; sections without an owner share one', () => {
  const owner = '11111111-1111-4111-8111-111111111111';
  const a = record('01', null, { owner });
  const b = record('02', null);
  const model = buildSiteModel([a, b], [{ id: owner, first_name: 'Айгерим', last_name: 'Сапарова' }], settings);
  assert.deepEqual(model.owners.map((o) => [o.name, o.path]), [['Айгерим Сапарова', '/owners/aygerim-saparova/'], ['не назначен', '/owners/ne-naznachen/']]);
  assert.deepEqual(model.sectionsOf(model.owners[0]!).map((s) => s.code), ['01']);
});

test('a tree the site cannot publish is refused with the sections named', () => {
  const a = record('01', null);
  const twin = record('01', null);
  assert.throws(() => buildSiteModel([a, twin], [], settings), (e: Error) => isKbError(e, 'malformed-data') && /code 01 is used by two sections/.test(e.message));
  const orphan = record('05.01', '99999999-9999-4999-8999-999999999999');
  assert.throws(() => buildSiteModel([orphan], [], settings), /05\.01 «Раздел 05\.01».*parent 99999999/);
  const x = record('06', null);
  const y = record('06.01', x.id);
  x.parent = y.id;
  assert.throws(() => buildSiteModel([x, y], [], settings), /their own ancestors/);
});

test('old page paths and catalog addresses redirect to the page now, never over a current page', () => {
  const ops = record('06', null, { title: 'Эксплуатация', slug: 'operations', source: './06-operations/README.md' });
  const mon = record('06.02', ops.id, {
    title: 'Мониторинг', slug: 'monitoring', source: './06-operations/06-06-monitoring/README.md',
    previous_paths: ['/06-operations/06-06-monitoring/', '/06-operations/06-02-nablyudenie/', '/06-operations/06-03-backups/', '/c/x/'],
  });
  const part = record('06.02.01', mon.id, { title: 'Оповещения', source: './06-operations/06-06-monitoring/README.md#alerts' });
  const backups = record('06.03', ops.id, { title: 'Бэкапы', slug: 'backups', source: './06-operations/06-02-monitoring.md' });
  const model = buildSiteModel([ops, mon, part, backups], [], settings);
  assert.deepEqual(Object.fromEntries(model.pathRedirects), {
    '/06-operations/06-06-monitoring/': '/06-operations/06-02-monitoring/',
    '/06-operations/06-02-nablyudenie/': '/06-operations/06-02-monitoring/',
  }, 'the catalog file 06-02-monitoring.md is a current page path now; 06-03-backups is a page; /c/ is the codes’');
});
