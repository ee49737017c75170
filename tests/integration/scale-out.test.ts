import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningDirectus } from '../../cms/server/directus-process.js';
import { loginForToken } from '../../platform/cms-client.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';

// Two Directus instances behind one load balancer share PostgreSQL and Redis (cache, rate limiter,
// synchronisation, bus). This runs on PostgreSQL whatever the suite's database: SQLite cannot be
// shared between instances, which is exactly why production uses PostgreSQL.

let cms: TestCms;
let peer: RunningDirectus;

before(async () => {
  cms = await startTestCms({ db: 'postgres' });
  peer = await cms.startPeer();
});
after(() => cms?.destroy());

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

// The site reader's own page query (core/site-reader-queries.ts), sorted by code here.
async function list(base: string, token: string) {
  const response = await call(base, 'GET', '/items/sections?fields=id,code,title,status&sort=id&limit=500', token);
  if (Array.isArray(response.body?.data)) response.body.data.sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code));
  return response;
}

test('both instances run the project: the same schema, accounts and hook', async () => {
  assert.notEqual(peer.url, cms.url);
  const created = await call(peer.url, 'POST', '/items/sections', cms.adminToken, { title: 'Глава со второго экземпляра' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.data.code, '01', 'the hook on the second instance assigned the code');
  const seen = await list(cms.url, cms.siteReaderToken);
  assert.deepEqual(seen.body.data.map((s: { code: string }) => s.code), ['01']);
});

test('an edit through one instance is served by the other at once, although responses are cached', async () => {
  const before = await list(peer.url, cms.siteReaderToken);
  const chapter = before.body.data[0];
  // The same read twice: the second answer comes from the shared cache.
  assert.deepEqual((await list(peer.url, cms.siteReaderToken)).body, before.body);

  const updated = await call(cms.url, 'PATCH', `/items/sections/${chapter.id}`, cms.adminToken, { title: 'Основы проекта' });
  assert.equal(updated.status, 200);
  const after = await list(peer.url, cms.siteReaderToken);
  assert.equal(after.body.data[0].title, 'Основы проекта', 'the peer did not serve a stale cached list');

  const child = await call(peer.url, 'POST', '/items/sections', cms.adminToken, { title: 'Видение', parent: chapter.id, status: 'published' });
  assert.equal(child.body.data.code, '01.01');
  const fromFirst = await list(cms.url, cms.siteReaderToken);
  assert.deepEqual(fromFirst.body.data.map((s: { code: string }) => s.code), ['01', '01.01']);
});

test('a refusal is the same on both instances: the rules live in the database and the shared hook', async () => {
  const student = await cms.createUser('student', 'Айгерим Студентка');
  const [first] = (await list(cms.url, cms.siteReaderToken)).body.data;
  for (const base of [cms.url, peer.url]) {
    const refused = await call(base, 'PATCH', `/items/sections/${first.id}`, student.token, { title: 'Чужая правка' });
    assert.equal(refused.status, 403, base);
  }
});

test('when one instance stops, the other keeps serving reads, writes and logins', async () => {
  await cms.stop();
  await assert.rejects(fetch(`${cms.url}/server/ping`), 'the first instance is down');

  const token = await loginForToken(peer.url, cms.settings.ADMIN_EMAIL as string, cms.settings.ADMIN_PASSWORD as string);
  const created = await call(peer.url, 'POST', '/items/sections', token, { title: 'Инфраструктура' });
  assert.equal(created.status, 200);
  assert.equal(created.body.data.code, '02');
  const seen = await list(peer.url, cms.siteReaderToken);
  assert.deepEqual(seen.body.data.map((s: { code: string }) => s.code), ['01', '01.01', '02']);
});
