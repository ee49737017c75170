import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type ApiResponse, type TestCms, type TestUser } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';

/**
 * A published page changes on the site only through the CTO (DESIGN.md "Roles and rules"): a
 * student's edit of their own published section lands in a Directus content version, which only
 * the CTO promotes.
 */

type Section = StoredSection;

interface Version {
  id: string;
  key: string;
  name: string;
  collection: string;
  item: string;
  user_created: string;
  delta: Record<string, unknown> | null;
}

const LIVE_BODY = 'Живой текст страницы';
const LIVE_SUMMARY = 'Живое кратко';
const PROPOSED_BODY = 'Исправленный текст страницы';
const PROPOSED_SUMMARY = 'Исправленное кратко';
const VERSION_NAME = 'Правка: Алиса Иванова';

let cms: TestCms;
let alice: TestUser;
let bob: TestUser;
let cto: TestUser;

before(async () => {
  cms = await startTestCms();
  alice = await cms.createUser('student', 'Алиса Иванова');
  bob = await cms.createUser('student', 'Борис Петров');
  cto = await cms.createUser('cto', 'Карина Сергеева');
});

after(async () => {
  await cms?.destroy();
});

async function publishedSectionOf(owner: TestUser, title: string): Promise<Section> {
  const response = await cms.api('POST', '/items/sections', {
    body: { title, status: 'published', owner: owner.id, body: LIVE_BODY, summary: LIVE_SUMMARY },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function live(id: string): Promise<Section> {
  const response = await cms.api('GET', `/items/sections/${id}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function versionsOf(item: string): Promise<Version[]> {
  const response = await cms.api('GET', `/versions?filter[collection][_eq]=sections&filter[item][_eq]=${item}&fields=*`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function versionById(id: string): Promise<Version> {
  const response = await cms.api('GET', `/versions/${id}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

/**
 * `code` is Directus's own error code (the hook reuses them so the admin app can title them);
 * `rule` names the project rule that refused, or is undefined when Directus itself refused.
 */
function assertError(response: ApiResponse, status: number, code: string, rule: string | undefined, message: string | RegExp): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const [error] = response.body.errors;
  assert.equal(error.extensions.code, code);
  assert.equal(error.extensions.rule, rule);
  if (message instanceof RegExp) assert.match(error.message, message);
  else assert.equal(error.message, message);
}

const liveFields = (s: Section) => ({ title: s.title, status: s.status, owner: s.owner, body: s.body, summary: s.summary });

describe("a student's edit of their own published section", () => {
  let section: Section;
  let version: Version;

  before(async () => {
    section = await publishedSectionOf(alice, 'Опубликованный раздел Алисы');
  });

  test('is answered 409 (rule section-change-in-review): saved in a version that waits for the CTO', async () => {
    const response = await cms.api('PATCH', `/items/sections/${section.id}`, { token: alice.token, body: { body: PROPOSED_BODY } });
    assertError(
      response,
      409,
      'FORBIDDEN',
      'section-change-in-review',
      `Раздел ${section.code} опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «${VERSION_NAME}» и ждёт проверки CTO`,
    );
    assert.equal(response.body.errors[0].extensions.version, VERSION_NAME);
  });

  test('leaves the live item unchanged', async () => {
    assert.deepEqual(liveFields(await live(section.id)), liveFields(section));
  });

  test('creates one directus_versions row for the item, by the student, holding the new body', async () => {
    const versions = await versionsOf(section.id);
    assert.equal(versions.length, 1, JSON.stringify(versions));
    version = versions[0] as Version;
    assert.equal(version.name, VERSION_NAME);
    assert.equal(version.user_created, alice.id);
    assert.equal((await versionById(version.id)).delta?.body, PROPOSED_BODY);

    const asVersion = await cms.api('GET', `/items/sections/${section.id}?version=${encodeURIComponent(version.key)}`);
    assert.equal(asVersion.status, 200, JSON.stringify(asVersion.body));
    assert.equal(asVersion.body.data.body, PROPOSED_BODY);
    assert.equal(asVersion.body.data.summary, LIVE_SUMMARY, 'fields not edited come from the live item');
  });

  test('the student sees their own proposal', async () => {
    const response = await cms.api('GET', `/versions?filter[item][_eq]=${section.id}&fields=id,delta`, { token: alice.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body.data.map((v: Version) => v.id), [version.id]);
  });

  test('a second edit accumulates into the same version', async () => {
    const response = await cms.api('PATCH', `/items/sections/${section.id}`, { token: alice.token, body: { summary: PROPOSED_SUMMARY } });
    assertError(response, 409, 'FORBIDDEN', 'section-change-in-review', new RegExp(`сохранена в версии «${VERSION_NAME}» и ждёт проверки CTO`));
    const versions = await versionsOf(section.id);
    assert.deepEqual(versions.map((v) => v.id), [version.id], 'still one version');
    const delta = (await versionById(version.id)).delta;
    assert.equal(delta?.body, PROPOSED_BODY, 'the first edit is kept');
    assert.equal(delta?.summary, PROPOSED_SUMMARY, 'the second edit is added');
    assert.deepEqual(liveFields(await live(section.id)), liveFields(section), 'the live item is still unchanged');
  });

  test('another student can neither read the proposal nor write into it', async () => {
    const read = await cms.api('GET', `/versions/${version.id}`, { token: bob.token });
    assert.equal(read.status, 403, JSON.stringify(read.body));
    const listed = await cms.api('GET', `/versions?filter[item][_eq]=${section.id}`, { token: bob.token });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(listed.body.data, []);

    const save = await cms.api('POST', `/versions/${version.id}/save`, { token: bob.token, body: { body: 'Текст Бориса' } });
    assertError(save, 403, 'FORBIDDEN', undefined, /permission/);
    const delta = (await versionById(version.id)).delta;
    assert.equal(delta?.body, PROPOSED_BODY, "the proposal still holds only Алиса's text");
  });

  test('the student cannot promote it: only the CTO puts it on the site', async () => {
    const compare = await cms.api('GET', `/versions/${version.id}/compare`, { token: alice.token });
    assert.equal(compare.status, 200, JSON.stringify(compare.body));
    assert.equal(compare.body.data.outdated, false);
    assert.equal(compare.body.data.current.body, PROPOSED_BODY);
    assert.equal(compare.body.data.main.body, LIVE_BODY);

    const promote = await cms.api('POST', `/versions/${version.id}/promote`, { token: alice.token, body: { mainHash: compare.body.data.mainHash } });
    assertError(promote, 403, 'FORBIDDEN', 'section-forbidden', `Раздел ${section.code} опубликован: правку из версии переносит на сайт только CTO`);
    assert.deepEqual(liveFields(await live(section.id)), liveFields(section));
  });

  test('another student cannot promote it either', async () => {
    const { mainHash } = (await cms.api('GET', `/versions/${version.id}/compare`)).body.data;
    const promote = await cms.api('POST', `/versions/${version.id}/promote`, { token: bob.token, body: { mainHash } });
    assertError(promote, 403, 'FORBIDDEN', undefined, /permission/);
    assert.deepEqual(liveFields(await live(section.id)), liveFields(section));
  });

  test('the CTO promotes it: the live section takes the proposed text and stays published', async () => {
    const compare = await cms.api('GET', `/versions/${version.id}/compare`, { token: cto.token });
    assert.equal(compare.status, 200, JSON.stringify(compare.body));
    const promote = await cms.api('POST', `/versions/${version.id}/promote`, { token: cto.token, body: { mainHash: compare.body.data.mainHash } });
    assert.equal(promote.status, 200, JSON.stringify(promote.body));
    assert.equal(promote.body.data, section.id);
    assert.deepEqual(liveFields(await live(section.id)), {
      ...liveFields(section),
      body: PROPOSED_BODY,
      summary: PROPOSED_SUMMARY,
    });
  });
});

describe("proposals to another student's section", () => {
  let section: Section;

  before(async () => {
    section = await publishedSectionOf(alice, 'Раздел Алисы для чужих правок');
  });

  test('a student cannot create a version of it; the message names the owner', async () => {
    const response = await cms.api('POST', '/versions', {
      token: bob.token,
      body: { key: 'bob-proposal', name: 'Правка Бориса', collection: 'sections', item: section.id },
    });
    assertError(response, 403, 'FORBIDDEN', 'section-forbidden', `Раздел ${section.code} закреплён за Алиса Иванова; предлагать правки к нему может владелец или CTO`);
    assert.deepEqual(await versionsOf(section.id), []);
  });

  test('a student editing it is refused outright, not diverted into a version', async () => {
    const response = await cms.api('PATCH', `/items/sections/${section.id}`, { token: bob.token, body: { body: 'Текст Бориса' } });
    assertError(response, 403, 'FORBIDDEN', 'section-forbidden', `Раздел ${section.code} закреплён за Алиса Иванова; изменить его может владелец или CTO`);
    assert.deepEqual(await versionsOf(section.id), []);
    assert.deepEqual(liveFields(await live(section.id)), liveFields(section));
  });

  test('the site reader cannot create a version', async () => {
    const response = await cms.api('POST', '/versions', {
      token: cms.siteReaderToken,
      body: { key: 'reader-proposal', name: 'Читатель', collection: 'sections', item: section.id },
    });
    assertError(
      response, 403, 'FORBIDDEN', 'section-forbidden',
      'Токен сайта может делать только те запросы, которые делают сборка сайта и предпросмотр (core/site-reader-queries.ts): путь /versions ему недоступен; разрешены только GET /items/sections, /users, /users/me, /items/kb_publish_holds, /permissions/me',
    );
    assert.deepEqual(await versionsOf(section.id), []);
  });

  test('the CTO may propose a change to it and promote it', async () => {
    const created = await cms.api('POST', '/versions', {
      token: cto.token,
      body: { key: 'cto-proposal', name: 'Правка CTO', collection: 'sections', item: section.id },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const versionId = created.body.data.id;
    const saved = await cms.api('POST', `/versions/${versionId}/save`, { token: cto.token, body: { body: 'Текст CTO' } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await live(section.id)).body, LIVE_BODY, 'saving into a version does not touch the live item');
    // The hook counts the pending edit just after the save (core/review-queue.ts); a hash taken before
    // that count would be refused as outdated, so the CTO compares once it is in the queue.
    for (let i = 0; i < 50 && (await live(section.id)).pending_edits !== 1; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await live(section.id)).pending_edits, 1, 'the CTO’s own version is in the review queue too');
    const { mainHash } = (await cms.api('GET', `/versions/${versionId}/compare`, { token: cto.token })).body.data;
    const promote = await cms.api('POST', `/versions/${versionId}/promote`, { token: cto.token, body: { mainHash } });
    assert.equal(promote.status, 200, JSON.stringify(promote.body));
    assert.equal((await live(section.id)).body, 'Текст CTO');
  });
});
