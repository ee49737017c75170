import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCollection } from '@directus/sdk';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { importSeed } from '../../content/import/seed.js';
import { startPreviewServer, type RunningPreviewServer } from '../../site/preview/server.js';
import { ensurePreviewUrl } from '../../cms/server/preview-url.js';
import { buildSite } from '../../site/build/site-build.js';
import { listFiles, parsePage, readOutputText } from './html-inspect.js';
import { SEED } from './site-fixture.js';

// Editors open a draft from the admin app's preview button and see it as the site would show
// it, through the preview server and their own Directus login; nobody else does, and the public
// build never contains it.

const DRAFT = 'Черновик студента про глокую куздру';
const PROPOSAL = 'Предложенная правка про бокра';

interface Session {
  cookie: string;
}

describe('the editors’ preview', { timeout: 600_000 }, () => {
  let cms: TestCms;
  let preview: RunningPreviewServer;
  let student: TestUser;
  let other: TestUser;
  let draftId: string;
  let publishedId: string;
  let versionKey: string;
  let tmp: string;

  async function loginAs(user: TestUser): Promise<Session> {
    const response = await fetch(`${preview.url}/preview/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: preview.url },
      body: new URLSearchParams({ email: user.email, password: user.password, next: `/preview/${draftId}` }),
    });
    assert.equal(response.status, 303, await response.text());
    assert.equal(response.headers.get('location'), `/preview/${draftId}`);
    const cookies = response.headers.getSetCookie();
    assert.ok(cookies.every((c) => /HttpOnly/i.test(c) && /Path=\/preview/i.test(c)), `cookies: ${cookies.join(' | ')}`);
    return { cookie: cookies.map((c) => c.split(';')[0]).join('; ') };
  }

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${preview.url}${path}`, { redirect: 'manual', headers });

  before(async () => {
    cms = await startTestCms();
    await importSeed({ client: cms.admin, path: SEED, progress: null });
    student = await cms.createUser('student', 'Айгерим Сапарова');
    other = await cms.createUser('student', 'Борис Другой');
    const chapter = (await cms.api('GET', '/items/sections?filter[code][_eq]=02&fields=id')).body.data[0].id as string;
    const created = await cms.api('POST', '/items/sections', { token: student.token, body: { parent: chapter, title: 'Мой черновик', status: 'in_progress', body: `## Начало\n\n${DRAFT}.` } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    draftId = created.body.data.id;

    // A published section of the student's: their edit goes into a content version for the CTO.
    const own = await cms.api('POST', '/items/sections', { body: { parent: chapter, title: 'Опубликованный раздел', status: 'published', owner: student.id, body: 'Живой текст раздела.' } });
    publishedId = own.body.data.id;
    const diverted = await cms.api('PATCH', `/items/sections/${publishedId}`, { token: student.token, body: { body: PROPOSAL } });
    assert.equal(diverted.status, 409, JSON.stringify(diverted.body));
    const versions = await cms.api('GET', `/versions?filter[item][_eq]=${publishedId}&fields=key`);
    versionKey = versions.body.data[0].key;

    preview = await startPreviewServer({ directusUrl: cms.url, directusPublicUrl: cms.url, siteUrl: 'https://docs.tapbot.kz', port: 0 });
    tmp = await mkdtemp(join(tmpdir(), 'kb-preview-'));
  });
  after(async () => {
    await preview?.close();
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the admin app’s preview button points at the preview server with the item and version', async () => {
    await ensurePreviewUrl(cms.admin, 'https://preview.tapbot.kz');
    const collection = (await cms.admin.request(readCollection('sections'))) as { meta: { preview_url: string } };
    assert.equal(collection.meta.preview_url, 'https://preview.tapbot.kz/preview/{{id}}?version={{$version}}');
  });

  test('anonymous readers and the site reader are refused and see no draft', async () => {
    const api = await get(`/preview/${draftId}`);
    assert.equal(api.status, 401);
    assert.ok(!(await api.text()).includes(DRAFT));
    const browser = await get(`/preview/${draftId}?version=main`, { Accept: 'text/html' });
    assert.equal(browser.status, 303);
    assert.equal(browser.headers.get('location'), `/preview/login?next=${encodeURIComponent(`/preview/${draftId}?version=main`)}&reason=login`);
    const reader = await get(`/preview/${draftId}`, { Authorization: `Bearer ${cms.siteReaderToken}` });
    assert.equal(reader.status, 403);
    assert.ok(!(await reader.text()).includes(DRAFT));
    const forged = await get(`/preview/${draftId}`, { Cookie: 'kb_preview_access=not-a-token' });
    assert.equal(forged.status, 303, 'a cookie Directus does not accept sends the editor to the login form');
    assert.match(forged.headers.get('location') ?? '', /^\/preview\/login\?.*reason=expired$/);
    assert.ok(!(await forged.text()).includes(DRAFT));
    const wrongPassword = await fetch(`${preview.url}/preview/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: preview.url },
      body: new URLSearchParams({ email: student.email, password: 'wrong-password', next: `/preview/${draftId}` }),
    });
    assert.equal(wrongPassword.status, 401);
    assert.match(await wrongPassword.text(), /Неверная почта или пароль/);
  });

  test('a student logs in and sees their draft rendered as the public page would show it', async () => {
    const session = await loginAs(student);
    const response = await get(`/preview/${draftId}?version=main`, { Cookie: session.cookie });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' http:\/\/127\.0\.0\.1:\d+/);
    const html = await response.text();
    const page = parsePage(html);
    const code = (await cms.api('GET', `/items/sections/${draftId}?fields=code`)).body.data.code;
    assert.deepEqual(page.textOf({ tag: 'h1', id: 'section-title' }), [`${code} Мой черновик`]);
    assert.equal(page.textOf({ tag: 'span', className: 'badge-in_progress' }).length, 1);
    assert.match(page.textOf({ tag: 'div', className: 'prose' })[0] ?? '', new RegExp(DRAFT));
    assert.match(html, /<h2 id="nachalo">Начало<\/h2>/);
    assert.match(html, /Предпросмотр: так страница будет выглядеть на сайте/);
    assert.match(html, /href="https:\/\/docs\.tapbot\.kz\/02-infrastructure\/"/, 'breadcrumbs lead to the public site');
    assert.match(html, /<html lang="ru">/);
  });

  test('a content version shows the proposed text to its author only', async () => {
    const mine = await loginAs(student);
    const proposal = await (await get(`/preview/${publishedId}?version=${versionKey}`, { Cookie: mine.cookie })).text();
    assert.ok(proposal.includes(PROPOSAL), 'the version’s text');
    const live = await (await get(`/preview/${publishedId}?version=main`, { Cookie: mine.cookie })).text();
    assert.ok(live.includes('Живой текст раздела.') && !live.includes(PROPOSAL), 'main shows the saved text');
    const theirs = await loginAs(other);
    const refused = await get(`/preview/${publishedId}?version=${versionKey}`, { Cookie: theirs.cookie });
    assert.equal(refused.status, 404);
    assert.ok(!(await refused.text()).includes(PROPOSAL));
  });

  test('the public build contains neither the draft nor the proposal', async () => {
    const outDir = join(tmp, 'dist');
    await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: cms.url });
    const files = (await listFiles(outDir)).filter((f) => /\.(html|xml|pf_fragment)$/.test(f));
    assert.ok(files.length > 190);
    for (const file of files) {
      const text = await readOutputText(outDir, file);
      assert.ok(!text.includes('глокую куздру') && !text.includes(PROPOSAL), `draft text in ${file}`);
    }
    assert.ok(files.some((f) => f.startsWith('02-infrastructure/02-') && f.includes('moy-chernovik')), 'the draft has its placeholder page');
    const live = files.find((f) => f.includes('opublikovannyy-razdel')) as string;
    assert.match(await readFile(join(outDir, live), 'utf8'), /Живой текст раздела\./);
  });
});
