import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite } from '../../site/build/site-build.js';
import { parsePage } from './html-inspect.js';
import { prepareOldPathsSite, type OldPathsSite } from './old-paths-fixture.js';

// Every path a page ever had keeps working: after a move, a rename and an import the built site
// (static files, as nginx serves them) answers each old path with a page that sends the reader on.

const SITE_URL = 'https://docs.tapbot.kz';
const REFUSAL = 'Поле «Прежние адреса» ведёт система: при переносах и переименованиях она сама запоминает прежние адреса страницы, чтобы старые ссылки вели на новое место. Вручную его не задают';

describe('old page paths redirect to where the page is now', { timeout: 600_000 }, () => {
  let cms: TestCms;
  let site: OldPathsSite;
  let tmp: string;
  let outDir: string;

  const fileOf = (path: string) => join(outDir, `${path.slice(1)}index.html`);
  const redirectTarget = async (path: string) => {
    const page = parsePage(await readFile(fileOf(path), 'utf8'));
    const refresh = page.elements.find((e) => e.name === 'meta' && e.attribs['http-equiv'] === 'refresh')?.attribs.content ?? '';
    const canonical = page.elements.find((e) => e.name === 'link' && e.attribs.rel === 'canonical')?.attribs.href ?? '';
    const link = page.elements.find((e) => e.name === 'a')?.attribs.href ?? '';
    const target = /^0; url=(.+)$/.exec(refresh)?.[1] ?? '';
    assert.equal(canonical, `${SITE_URL}${target}`, `the canonical link of ${path}`);
    assert.equal(link, target, `the link on ${path}`);
    return target;
  };
  const titleOf = async (path: string) => parsePage(await readFile(fileOf(path), 'utf8')).textOf({ tag: 'h1', id: 'section-title' })[0];

  before(async () => {
    cms = await startTestCms();
    site = await prepareOldPathsSite(cms);
    tmp = await mkdtemp(join(tmpdir(), 'kb-old-paths-'));
    outDir = join(tmp, 'dist');
    await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: SITE_URL, directusPublicUrl: 'https://dir.tapbot.kz' });
  });
  after(async () => {
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the hook keeps the old paths of a moved section and its part, and of a renamed one and everything below it', async () => {
    for (const [id, paths] of site.kept) {
      const response = await cms.api('GET', `/items/sections/${id}?fields=previous_paths`);
      assert.deepEqual(response.body.data.previous_paths, paths, `previous_paths of ${id}`);
    }
    const part = await cms.api('GET', `/items/sections/${site.ids.get('06.06.01')}?fields=code,date_updated`);
    assert.equal(part.body.data.code, '07.01.01', 'the part moved with its article');
    const untouched = await cms.api('GET', `/items/sections/${site.ids.get('07')}?fields=previous_paths`);
    assert.deepEqual(untouched.body.data.previous_paths, null, 'the new parent has no old path');
  });

  for (const why of ['moved to chapter 07', 'its part, moved with it', 'its slug renamed', 'the chapter’s slug renamed', 'its chapter renamed']) {
    test(`after a move or a rename: ${why}`, async () => {
      const cases = site.oldPaths.filter((p) => p.why === why);
      assert.ok(cases.length > 0);
      for (const { old, id } of cases) {
        const now = site.now.get(id) as string;
        assert.equal(await redirectTarget(old), now, `${old} → ${now}`);
        assert.match((await titleOf(now)) ?? '', /^0[67](\.\d\d)* /, `${now} is the section’s page itself`);
      }
    });
  }

  test('after an import: each article’s address in the team’s catalog redirects to its page', async () => {
    const cases = site.oldPaths.filter((p) => p.why.includes('catalog address'));
    assert.equal(cases.length, 4);
    for (const { old, id } of cases) assert.equal(await redirectTarget(old), site.now.get(id), old);
    assert.equal(await redirectTarget('/06-operations/06-06-monitoring/'), site.now.get(site.ids.get('06.06') as string));
  });

  test('no redirect page takes the place of a current page, and every old path is in the 404 page’s map', async () => {
    for (const [id, path] of site.now) assert.ok(await titleOf(path), `${path} (${id}) is a page, not a redirect`);
    const map = JSON.parse(await readFile(join(outDir, 'old-paths.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(map, Object.fromEntries(site.oldPaths.map(({ old, id }) => [old, site.now.get(id)]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1))));
  });

  test('a path that never existed is the 404 page, with a search box', async () => {
    const notFound = parsePage(await readFile(join(outDir, '404.html'), 'utf8'));
    const form = notFound.elements.find((e) => e.name === 'form');
    assert.equal(form?.attribs.action, '/search/');
    assert.equal(form?.attribs.method, 'get');
    const input = notFound.elements.find((e) => e.name === 'input' && e.attribs.type === 'search');
    assert.equal(input?.attribs.name, 'q');
    assert.match(notFound.text, /Страница не найдена/);
  });

  test('a student sets previous_paths neither through REST nor GraphQL', async () => {
    const created = await cms.api('POST', '/items/sections', { token: site.student.token, body: { title: 'Дежурства', parent: site.ids.get('07'), status: 'in_progress' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const own = created.body.data.id as string;

    const patch = await cms.api('PATCH', `/items/sections/${own}`, { token: site.student.token, body: { previous_paths: ['/06-operations/06-06-monitoring/'] } });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.errors?.[0]?.message, REFUSAL);
    const create = await cms.api('POST', '/items/sections', { token: site.student.token, body: { title: 'Ночные дежурства', parent: site.ids.get('07'), previous_paths: ['/06-operations/'] } });
    assert.equal(create.status, 403);
    assert.equal(create.body.errors?.[0]?.message, REFUSAL);

    // GraphQL: the student's inputs have no such field at all (their create and update permissions do not list it).
    const update = await cms.api('POST', '/graphql', { token: site.student.token, body: { query: `mutation { update_sections_item(id: "${own}", data: { previous_paths: ["/06-operations/"] }) { id } }` } });
    assert.match(JSON.stringify(update.body.errors), /Field \\"previous_paths\\" is not defined by type \\"update_sections_input\\"/);
    const graphCreate = await cms.api('POST', '/graphql', { token: site.student.token, body: { query: 'mutation { create_sections_item(data: { title: "Выходные", previous_paths: ["/06-operations/"] }) { id } }' } });
    assert.match(JSON.stringify(graphCreate.body.errors), /Field \\"previous_paths\\" is not defined by type \\"create_sections_input\\"/);
    const stored = await cms.api('GET', `/items/sections/${own}?fields=previous_paths`);
    assert.equal(stored.body.data.previous_paths, null, 'nothing was written');
  });
});
