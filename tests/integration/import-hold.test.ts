import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOLD_RELEASED_EVENT, PUBLISH_HOLDS_COLLECTION } from '../../core/publish-hold.js';
import { startPublisherServer, type RunningPublisherServer } from '../../publishing/signal-server.js';
import { importSources } from '../../content/import/sources.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { fetchPublishHoldUntil } from '../../platform/fetch-sections.js';
import { freePort, startTestCms, type TestCms } from '../support/test-cms.js';
import { recordingPublisher } from '../support/recording-publisher.js';

// An import that stops midway publishes nothing of itself: it holds publishing before its first
// write, the hook sends no signal while the hold lasts, and the next complete run releases it
// (one signal, one build). A hold past its expiry (a crashed import) holds nothing.

const SECRET = 'hold-test-secret-0123456789';
const recorder = recordingPublisher();
const { received } = recorder;
let cms: TestCms;
let server: RunningPublisherServer;
let tmp: string;

before(async () => {
  server = await startPublisherServer({ publisher: recorder, secret: SECRET, host: '127.0.0.1', port: await freePort() });
  cms = await startTestCms({ settings: { PUBLISHER_URL: `${server.url}/signal`, PUBLISHER_SECRET: SECRET } });
  tmp = await mkdtemp(join(tmpdir(), 'kb-hold-'));
});
after(async () => {
  await cms?.destroy();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
  }
}

const holds = async () => ((await cms.api('GET', `/items/${PUBLISH_HOLDS_COLLECTION}?fields=id,reason,expires_at`)).body.data as { reason: string }[]);

test('an import that fails midway sends no signal; the next complete run releases the hold with one signal', async () => {
  const root = join(tmp, 'tree');
  await mkdir(join(root, '04-glava'), { recursive: true });
  await writeFile(join(root, '04-glava', 'README.md'), '---\ntitle: 04 - Глава\n---\n\nВступление.\n');
  for (let part = 1; part <= 60; part++) {
    const nn = String(part).padStart(2, '0');
    await writeFile(join(root, '04-glava', `04-${nn}-chast.md`), `---\ntitle: 04.${nn} - Часть ${nn}\n---\n\nТекст.\n`);
  }
  // Directus goes away after the chapter is written: the children's writes fail.
  let creates = 0;
  const failing: typeof fetch = async (input, init) => {
    if (init?.method === 'POST' && String(input).includes('/items/sections') && ++creates > 1) throw new TypeError('fetch failed (connection refused)');
    return fetch(input, init);
  };
  const log: string[] = [];
  const failed = await importSources([{ path: root, label: 'tree' }], { client: createCmsClient({ url: cms.url, token: cms.adminToken, fetch: failing }), progress: null, log: (l) => log.push(l) }).then(
    () => assert.fail('the import must fail'),
    (e: unknown) => e,
  );
  assert.match(String(failed), /Could not create section 04\.01/);
  assert.ok(log.some((line) => /Publishing is held until this import completes/.test(line)), log.join('\n'));
  assert.equal((await cms.api('GET', '/items/sections?filter[code][_eq]=04&fields=id')).body.data.length, 1, 'the chapter was written');
  assert.deepEqual((await holds()).map((h) => h.reason), ['import tree'], 'the hold outlives the failed run');

  // While held, an editor's save sends nothing either (the half must not go live with it).
  const chapter = (await cms.api('GET', '/items/sections?filter[code][_eq]=04&fields=id')).body.data[0].id as string;
  assert.equal((await cms.api('PATCH', `/items/sections/${chapter}`, { body: { title: 'Глава (правка)' } })).status, 200);

  const done = await importSources([{ path: root, label: 'tree' }], { client: cms.admin, progress: null, force: true });
  assert.equal(done.applied?.created, 60);
  assert.deepEqual(await holds(), [], 'the complete run released its own and the failed run\'s hold');
  await until('the release signal', () => received.some((s) => s.event === HOLD_RELEASED_EVENT));
  assert.deepEqual(received.map((s) => s.event), [HOLD_RELEASED_EVENT], 'no signal while the import was incomplete, one when it completed');
});

test('an expired hold (a crashed import) holds nothing', async () => {
  const created = await cms.api('POST', `/items/${PUBLISH_HOLDS_COLLECTION}`, { body: { id: '0b0b0b0b-0000-4000-8000-000000000001', reason: 'import crashed', expires_at: new Date(Date.now() - 60_000).toISOString() } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const from = received.length;
  const section = await cms.api('POST', '/items/sections', { body: { title: 'После сбоя импорта' } });
  assert.equal(section.status, 200);
  await until('the create signal', () => received.slice(from).some((s) => s.event === 'sections.items.create' && s.keys.includes(section.body.data.id)));
});

test('students and the site reader cannot touch the holds; the site reader reads when they expire, nothing more', async () => {
  const student = await cms.createUser('student', 'Хана Студентка');
  for (const token of [student.token, cms.siteReaderToken, null]) {
    const create = await cms.api('POST', `/items/${PUBLISH_HOLDS_COLLECTION}`, { token, body: { id: '0b0b0b0b-0000-4000-8000-000000000002', reason: 'x', expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    assert.equal(create.status, 403, JSON.stringify(create.body));
    assert.equal((await cms.api('GET', `/items/${PUBLISH_HOLDS_COLLECTION}`, { token })).status, 403);
    assert.equal((await cms.api('GET', `/items/${PUBLISH_HOLDS_COLLECTION}?fields=reason&limit=-1`, { token })).status, 403);
  }
  assert.equal((await cms.api('GET', `/items/${PUBLISH_HOLDS_COLLECTION}?fields=expires_at&limit=-1`, { token: student.token })).status, 403);
});

test('the publisher, with the site’s token, sees an import’s hold until it ends (its own builds wait for it)', async () => {
  const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
  assert.equal(await fetchPublishHoldUntil(reader), null, 'nothing holds publishing');
  const expires = Date.now() + 3_600_000;
  const made = await cms.api('POST', `/items/${PUBLISH_HOLDS_COLLECTION}`, { body: { id: '0b0b0b0b-0000-4000-8000-000000000003', reason: 'import of ./docs', expires_at: new Date(expires).toISOString() } });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const seen = await fetchPublishHoldUntil(reader);
  assert.ok(seen !== null && Math.abs(seen - expires) < 2000, `the hold's expiry: ${seen} vs ${expires}`);
  assert.equal((await cms.api('DELETE', `/items/${PUBLISH_HOLDS_COLLECTION}/0b0b0b0b-0000-4000-8000-000000000003`)).status, 204);
  assert.equal(await fetchPublishHoldUntil(reader), null, 'the released hold holds nothing');
});
