import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';
import { buildSiteModel } from '../../site/src/lib/site-model.js';
import { startTestCms, type ApiResponse, type TestCms, type TestUser } from '../support/test-cms.js';

/**
 * Holes 7–9 of the attack on the rules, kept as tests: students change the text of their sections,
 * never the structure (through any door: REST, GraphQL, batches, nested writes, versions); old codes
 * are the system's, and each leads to the section that last held it; an edit the API says it kept
 * in a version is kept, or nothing is and the answer says so.
 */

let cms: TestCms;
let alice: TestUser;
let bob: TestUser;
let cto: TestUser;
const ids = {} as Record<'infra' | 'dev' | 'servers' | 'resources' | 'article' | 'part' | 'draft', string>;

async function create(body: Record<string, unknown>, token?: string): Promise<{ id: string; code: string; previous_codes: string[] | null }> {
  const response = await cms.api('POST', '/items/sections', { body, ...(token ? { token } : {}) });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function stored(id: string): Promise<Record<string, unknown>> {
  const response = await cms.api('GET', `/items/sections/${id}?fields=*`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function versionsOf(item: string): Promise<{ id: string; delta: Record<string, unknown> | null }[]> {
  const response = await cms.api('GET', `/versions?filter[collection][_eq]=sections&filter[item][_eq]=${item}&fields=id,delta`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

function refusal(response: ApiResponse, status: number, message: RegExp): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(String(response.body.errors?.[0]?.message), message);
}

async function redirects(): Promise<ReadonlyMap<string, string>> {
  const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
  const model = buildSiteModel(await fetchAllSections({ client: reader }), await fetchPeople(reader), { siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
  return model.redirects;
}

const STRUCTURE = /^Поле «(Родительский раздел|Код|Подразделы)» студент не меняет: структуру дерева/;

before(async () => {
  cms = await startTestCms();
  alice = await cms.createUser('student', 'Алиса Иванова');
  bob = await cms.createUser('student', 'Борис Петров');
  cto = await cms.createUser('cto', 'Карина Сергеева');
  ids.infra = (await create({ title: 'Инфраструктура', code: '02', status: 'in_progress' })).id;
  ids.dev = (await create({ title: 'Разработка', code: '03', status: 'in_progress' })).id;
  ids.servers = (await create({ title: 'Серверы', code: '02.01', parent: ids.infra, status: 'published', body: 'Hetzner, два сервера.' })).id;
  ids.resources = (await create({ title: 'Ресурсы', code: '02.03', parent: ids.infra, status: 'published', owner: alice.id, body: 'Домены и ключи.' })).id;
  // Alice's published article with two parts of her own.
  ids.article = (await create({ title: 'Мониторинг', code: '03.01', parent: ids.dev, status: 'published', owner: alice.id, body: '## Обзор\n\nPrometheus и Grafana.' })).id;
  ids.part = (await create({ title: 'Алерты', code: '03.01.01', parent: ids.article, status: 'published', owner: alice.id, body: 'Алерты в Telegram.' })).id;
  ids.draft = (await create({ title: 'Черновик Алисы', code: '03.02', parent: ids.dev, status: 'in_progress', owner: alice.id, body: 'Пишу.' })).id;
});

after(async () => {
  await cms?.destroy();
});

describe('students write text, the CTO the structure', () => {
  test('a student creates a section under a parent and the system gives it the next free code', async () => {
    const made = await create({ title: 'Заметки по деплою', parent: ids.dev, body: 'Черновик.' }, alice.token);
    assert.equal(made.code, '03.03');
    assert.equal((await stored(made.id)).owner, alice.id);
  });

  test('moves and re-codes of her own draft are refused in Russian, over REST and GraphQL', async () => {
    refusal(await cms.api('PATCH', `/items/sections/${ids.draft}`, { token: alice.token, body: { parent: ids.infra } }), 403, STRUCTURE);
    refusal(await cms.api('PATCH', `/items/sections/${ids.draft}`, { token: alice.token, body: { code: '03.09' } }), 403, STRUCTURE);
    const graphql = await cms.api('POST', '/graphql', {
      token: alice.token,
      body: { query: `mutation { update_sections_item(id: "${ids.draft}", data: { parent: { id: "${ids.infra}" } }) { id } }` },
    });
    // GraphQL offers a student no such input at all: the schema is built from her field permissions.
    assert.match(JSON.stringify(graphql.body.errors), /Field \\"parent\\" is not defined by type \\"update_sections_input\\"/);
    const after = await stored(ids.draft);
    assert.deepEqual([after.parent, after.code], [ids.dev, '03.02']);
  });

  test('a batch of moves and a move hidden in a nested write are refused too', async () => {
    refusal(await cms.api('PATCH', '/items/sections', { token: alice.token, body: [{ id: ids.draft, parent: ids.infra }] }), 403, STRUCTURE);
    refusal(await cms.api('PATCH', '/items/sections', { token: alice.token, body: { keys: [ids.draft], data: { code: '03.08' } } }), 403, STRUCTURE);
    refusal(
      await cms.api('PATCH', `/items/sections/${ids.draft}`, { token: alice.token, body: { title: 'Черновик Алисы', children: { create: [{ title: 'Подкинутый' }], update: [], delete: [] } } }),
      403,
      STRUCTURE,
    );
    assert.equal((await stored(ids.draft)).code, '03.02');
  });

  test('a move cannot wait in a version for the CTO to promote it', async () => {
    const created = await cms.api('POST', '/versions', {
      token: alice.token,
      body: { key: 'move-me', name: 'Перенос', collection: 'sections', item: ids.article, delta: { parent: ids.infra } },
    });
    // Directus itself takes no delta on create: a version starts empty and is saved into.
    assert.equal(created.status, 400, JSON.stringify(created.body));
    assert.deepEqual((await versionsOf(ids.article)).filter((v) => v.delta?.parent !== undefined), []);
    const own = await cms.api('POST', '/versions', { token: alice.token, body: { key: 'alice-text', name: 'Текст', collection: 'sections', item: ids.article } });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    refusal(await cms.api('POST', `/versions/${own.body.data.id}/save`, { token: alice.token, body: { code: '03.07' } }), 403, STRUCTURE);
    const patched = await cms.api('PATCH', `/versions/${own.body.data.id}`, { token: alice.token, body: { delta: { parent: ids.infra } } });
    assert.equal(patched.status, 400, `Directus takes a delta through /save only: ${JSON.stringify(patched.body)}`);
    const saved = await cms.api('POST', `/versions/${own.body.data.id}/save`, { token: alice.token, body: { body: 'Prometheus, Grafana и Loki.' } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const [version] = (await versionsOf(ids.article)).filter((v) => v.id === own.body.data.id);
    assert.equal(version?.delta?.body, 'Prometheus, Grafana и Loki.');
    assert.equal(version?.delta?.parent, undefined);
  });

  test('the CTO still moves a student’s section; it takes a new code and keeps the old one', async () => {
    const moved = await cms.api('PATCH', `/items/sections/${ids.draft}`, { token: cto.token, body: { parent: ids.infra } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const after = await stored(ids.draft);
    assert.equal(after.parent, ids.infra);
    assert.deepEqual(after.previous_codes, ['03.02']);
  });
});

describe('an edit of a published section is kept in a version, or nothing is and the answer says so', () => {
  const NOTHING_SAVED = /^Раздел 03\.01(\.01)? опубликован: .*Ничего не сохранено/;

  test('a plain save of her published part waits in her version', async () => {
    const response = await cms.api('PATCH', `/items/sections/${ids.part}`, { token: alice.token, body: { body: 'Алерты в Telegram и на почту.' } });
    refusal(response, 409, /сохранена в версии «Правка: Алиса Иванова»/);
    const [version] = await versionsOf(ids.part);
    assert.equal(version?.delta?.body, 'Алерты в Telegram и на почту.');
  });

  test('the same edit in a batch or for several sections is refused whole, and the version is as it was', async () => {
    const before = await versionsOf(ids.part);
    refusal(await cms.api('PATCH', '/items/sections', { token: alice.token, body: [{ id: ids.part, body: 'Пакетная правка' }] }), 409, NOTHING_SAVED);
    refusal(await cms.api('PATCH', '/items/sections', { token: alice.token, body: { keys: [ids.part, ids.article], data: { summary: 'Кратко для обоих' } } }), 409, NOTHING_SAVED);
    assert.deepEqual(await versionsOf(ids.part), before);
    assert.deepEqual((await versionsOf(ids.article)).filter((v) => v.delta?.summary !== undefined), []);
    assert.equal((await stored(ids.part)).body, 'Алерты в Telegram.');
  });

  test('a nested edit of the part through its article is refused, and nothing is lost silently', async () => {
    const before = await versionsOf(ids.part);
    const response = await cms.api('PATCH', `/items/sections/${ids.article}`, {
      token: alice.token,
      body: { children: { create: [], update: [{ id: ids.part, body: 'Вложенная правка' }], delete: [] } },
    });
    assert.ok(response.status === 403 || response.status === 409, JSON.stringify(response.body));
    assert.doesNotMatch(String(response.body.errors?.[0]?.message), /сохранена в версии/);
    assert.deepEqual(await versionsOf(ids.part), before);
    assert.equal((await stored(ids.part)).body, 'Алерты в Telegram.');
  });
});

describe('old codes are the system’s, and each leads to the section that last held it', () => {
  test('a student cannot take over an old code’s redirect, on create or on her own section', async () => {
    const recoded = await cms.api('PATCH', `/items/sections/${ids.resources}`, { token: cto.token, body: { code: '02.09' } });
    assert.equal(recoded.status, 200, JSON.stringify(recoded.body));
    assert.deepEqual((await stored(ids.resources)).previous_codes, ['02.03']);
    const hijack = await cms.api('POST', '/items/sections', { token: bob.token, body: { title: 'Мои ресурсы', parent: ids.infra, previous_codes: ['02.03'] } });
    refusal(hijack, 403, /^Поле «Прежние коды» ведёт система/);
    refusal(await cms.api('PATCH', `/items/sections/${ids.resources}`, { token: alice.token, body: { previous_codes: [] } }), 403, /^Поле «Прежние коды» ведёт система/);
    refusal(await cms.api('PATCH', `/items/sections/${ids.servers}`, { token: cto.token, body: { previous_codes: ['02.03'] } }), 403, /^Поле «Прежние коды» ведёт система/);
    const map = await redirects();
    const resources = map.get('02.09');
    assert.ok(resources);
    assert.equal(map.get('02.03'), resources, '/c/02.03/ still leads to the re-coded section');
  });

  test('when a code is taken again and left again, only its last holder keeps it', async () => {
    // 02.03 is free again: a new section takes it, and the re-coded section's claim ends there.
    const newcomer = await create({ title: 'Доступы', code: '02.03', parent: ids.infra, status: 'published', body: 'Кто куда ходит.' }, cto.token);
    assert.deepEqual((await stored(ids.resources)).previous_codes, [], 'the old holder gave the code up');
    const map = await redirects();
    assert.equal(map.get('02.03'), map.get(newcomer.code));
    // The newcomer moves on: now it alone claims 02.03, and the redirect follows it.
    const moved = await cms.api('PATCH', `/items/sections/${newcomer.id}`, { token: cto.token, body: { parent: ids.dev } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const now = await stored(newcomer.id);
    assert.deepEqual(now.previous_codes, ['02.03']);
    const after = await redirects();
    assert.equal(after.get('02.03'), after.get(String(now.code)));
    assert.notEqual(after.get('02.03'), after.get('02.09'));
  });

  test('the subtree’s codes follow a move, and the codes its sections take are given up by others', async () => {
    // 03.01 (Alice's article) moves under 02: 03.01 and 03.01.01 become free, then a new 03.01 takes one.
    const moved = await cms.api('PATCH', `/items/sections/${ids.article}`, { token: cto.token, body: { parent: ids.infra } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const part = await stored(ids.part);
    assert.deepEqual(part.previous_codes, ['03.01.01']);
    await create({ title: 'Новый раздел на месте старого', code: '03.01', parent: ids.dev, status: 'planned' }, cto.token);
    const taker = await create({ title: 'Подраздел на месте старого', code: '03.01.01', parent: (await cms.api('GET', '/items/sections?filter[code][_eq]=03.01&fields=id')).body.data[0].id }, cto.token);
    assert.ok(taker.id);
    assert.deepEqual((await stored(ids.part)).previous_codes, []);
    assert.deepEqual((await stored(ids.article)).previous_codes, []);
  });
});
