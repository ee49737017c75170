import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readMe } from '@directus/sdk';
import { startTestCms, type ApiResponse, type TestCms, type TestUser } from '../support/test-cms.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';
import { ownAccountQuery, PREVIEW_GATE_PATH, SITE_PUBLISHED_ONLY_FIELDS, siteReaderFieldsOf } from '../../core/site-reader-queries.js';
import { POLICY, SITE_READER_USER } from '../../core/fixed-ids.js';

/**
 * The site's static token (README "Roles and rules"): exactly the queries of the site build, the
 * publisher, the preview's gate and provisioning's token check — on every door Directus has —
 * and nothing else. Each attack below was a way to read a draft, a person or the schema.
 */

const ALLOW_LIST = /^Токен сайта может делать только те запросы, которые делают сборка сайта и предпросмотр \(core\/site-reader-queries\.ts\): /;
const DRAFT_BODY = 'CTO-SECRET: черновик с паролем от стенда';

let cms: TestCms;
let bob: TestUser;
// Placeholders until `before` creates them: test names are made before any test runs.
let draft = { id: '<draft>', code: '' };
let published = { id: '<published>', code: '' };

const asReader = (method: string, path: string, body?: unknown) => cms.api(method, path, { token: cms.siteReaderToken, ...(body === undefined ? {} : { body }) });
const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

function assertAllowListRefusal(response: ApiResponse, hint: RegExp | string, what: string): void {
  assert.equal(response.status, 403, `${what}: ${JSON.stringify(response.body)}`);
  const [error] = response.body?.errors ?? [];
  assert.equal(error?.extensions?.code, 'FORBIDDEN', what);
  assert.equal(error?.extensions?.rule, 'section-forbidden', `${what}: refused by the project's gate`);
  assert.match(error.message, ALLOW_LIST, what);
  if (typeof hint === 'string') assert.ok(error.message.includes(hint), `${what}: «${error.message}» names «${hint}»`);
  else assert.match(error.message, hint, what);
}

before(async () => {
  cms = await startTestCms();
  bob = await cms.createUser('student', 'Борис Петров');
  const chapter = (await cms.api('POST', '/items/sections', { body: { title: 'Сервисы' } })).body.data;
  draft = (await cms.api('POST', '/items/sections', { body: { title: 'Черновик Бориса', parent: chapter.id, status: 'in_progress', owner: bob.id, body: DRAFT_BODY } })).body.data;
  published = (await cms.api('POST', '/items/sections', { body: { title: 'Готовая страница', parent: chapter.id, status: 'published', owner: bob.id, body: 'Живой текст' } })).body.data;
});

after(async () => {
  await cms?.destroy();
});

describe('the site reader makes the site’s queries', () => {
  test('the build’s reads: every section (drafts without their text) and people’s names', async () => {
    const client = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
    const sections = await fetchAllSections({ client });
    assert.equal(sections.length, 3);
    const byId = new Map(sections.map((s) => [s.id, s]));
    assert.equal(byId.get(draft.id)?.body, null, 'a draft’s text stays hidden');
    assert.equal(byId.get(published.id)?.body, 'Живой текст');
    const people = await fetchPeople(client);
    assert.deepEqual(
      people.find((p) => p.id === bob.id),
      { id: bob.id, first_name: 'Борис', last_name: 'Петров' },
    );
  });

  test('provisioning’s token check and the preview’s gate', async () => {
    const client = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
    assert.deepEqual(await client.request(readMe(ownAccountQuery())), { id: SITE_READER_USER });
    const gate = await asReader('GET', PREVIEW_GATE_PATH);
    assert.equal(gate.status, 200, JSON.stringify(gate.body));
    assert.equal(gate.body.data.sections.update.access, 'none', 'the preview sees that the token is no editor’s');
  });

  test('its permissions hold exactly the fields those queries read', async () => {
    const { body } = await cms.api('GET', `/permissions?filter[policy][_in]=${POLICY.siteReader},${POLICY.siteReaderPublishedText}&fields=policy,collection,action,fields,permissions&limit=-1`);
    const rows = (body.data as { policy: string; collection: string; action: string; fields: string[]; permissions: unknown }[])
      .map((p) => ({ ...p, fields: [...p.fields].sort() }))
      .sort((a, b) => `${a.policy}${a.collection}`.localeCompare(`${b.policy}${b.collection}`));
    const sectionFields = siteReaderFieldsOf('sections');
    assert.deepEqual(
      rows,
      [
        { policy: POLICY.siteReaderPublishedText, collection: 'sections', action: 'read', fields: [...SITE_PUBLISHED_ONLY_FIELDS].sort(), permissions: { status: { _eq: 'published' } } },
        { policy: POLICY.siteReader, collection: 'directus_users', action: 'read', fields: ['first_name', 'id', 'last_name'], permissions: null },
        { policy: POLICY.siteReader, collection: 'sections', action: 'read', fields: sectionFields.filter((f) => !SITE_PUBLISHED_ONLY_FIELDS.includes(f)).sort(), permissions: null },
        // When import holds expire (the publisher waits for them), not why they were taken.
        { policy: POLICY.siteReader, collection: 'kb_publish_holds', action: 'read', fields: ['expires_at'], permissions: null },
      ].sort((a, b) => `${a.policy}${a.collection}`.localeCompare(`${b.policy}${b.collection}`)),
    );
    assert.ok(!sectionFields.includes('import_hash') && !sectionFields.includes('children'), 'bookkeeping and relations are not the site’s');
  });
});

describe('the site reader is refused everything else', () => {
  test('the reported attack: a filter from people onto a draft’s text answers 403, not a user', async () => {
    const probe = { '$FOLLOW(sections,owner)': { _and: [{ code: { _eq: draft.code } }, { body: { _starts_with: 'CTO-S' } }] } };
    const response = await asReader('GET', `/users?fields=id&filter=${q(probe)}`);
    assertAllowListRefusal(response, 'уберите filter', '$FOLLOW onto sections');
    // And through user_created, the door the report named.
    const viaCreator = await asReader('GET', `/users?fields=id&filter=${q({ '$FOLLOW(sections,user_created)': { body: { _starts_with: 'CTO-S' } } })}`);
    assertAllowListRefusal(viaCreator, 'уберите filter', '$FOLLOW through user_created');
  });

  const sectionsAttacks: [string, string | RegExp][] = [
    [`filter=${q({ body: { _starts_with: 'CTO' } })}`, 'уберите filter'],
    [`filter=${q({ status: { _eq: 'published' } })}`, 'уберите filter'],
    ['search=CTO', 'уберите search'],
    ['sort=-body', 'сортировка только sort=id'],
    ['sort=code', 'сортировка только sort=id'],
    ['fields=*', 'уберите из fields *'],
    ['fields=id,children.body', 'уберите из fields children.body'],
    ['fields=id,import_hash', 'уберите из fields import_hash'],
    ['fields=id,owner.email', 'уберите из fields owner.email'],
    ['fields=id&limit=-1', 'limit должен быть от 1 до 500'],
    ['fields=id&limit=5000', 'limit должен быть от 1 до 500'],
    [`fields=id&deep=${q({ children: { _filter: { body: { _contains: 'CTO' } } } })}`, 'уберите deep'],
    [`fields=id&alias=${q({ secret: 'body' })}`, 'уберите alias'],
    ['groupBy[]=body&aggregate[count]=*', 'уберите groupBy'],
    ['aggregate[countDistinct]=body', 'уберите aggregate[countDistinct]'],
    ['aggregate[max]=code', 'уберите aggregate[max]'],
    ['fields=id&page=2', 'уберите page'],
    ['fields=id&meta=*', 'уберите meta'],
    ['fields=id&version=main', 'уберите version'],
    ['fields=id&export=json', 'уберите export'],
  ];
  for (const [params, hint] of sectionsAttacks) {
    test(`GET /items/sections?${decodeURIComponent(params)}`, async () => {
      assertAllowListRefusal(await asReader('GET', `/items/sections?${params}`), hint, params);
    });
  }

  // Thunks: some doors need the fixtures' ids, which exist only once `before` has run.
  const otherDoors: [string, () => string, () => unknown, () => string | RegExp][] = [
    ['GET', () => '/users?fields=id,email', () => undefined, () => 'уберите из fields email'],
    ['GET', () => '/users?fields=*', () => undefined, () => 'уберите из fields *'],
    ['GET', () => '/users?search=admin', () => undefined, () => 'уберите search'],
    ['GET', () => `/users?fields=id&filter=${q({ email: { _starts_with: 'a' } })}`, () => undefined, () => 'уберите filter'],
    ['GET', () => `/users?fields=id&filter=${q({ password: { _nnull: true } })}`, () => undefined, () => 'уберите filter'],
    ['GET', () => `/users?fields=id&filter=${q({ '$FOLLOW(directus_versions,user_created)': { item: { _eq: 'x' } } })}`, () => undefined, () => 'уберите filter'],
    ['GET', () => '/users/me', () => undefined, () => 'добавьте fields=id'],
    ['GET', () => '/items/sections', () => undefined, () => 'добавьте aggregate[count]=*'],
    ['GET', () => '/items/sections?fields=id,code', () => undefined, () => 'добавьте sort=id'],
    ['GET', () => '/users/me?fields=*', () => undefined, () => 'уберите из fields *'],
    ['GET', () => `/users/${SITE_READER_USER}?fields=id`, () => undefined, () => `путь /users/${SITE_READER_USER} ему недоступен`],
    ['GET', () => `/items/sections/${draft.id}?fields=id`, () => undefined, () => `путь /items/sections/${draft.id} ему недоступен`],
    ['GET', () => '/items/section_progress', () => undefined, () => 'путь /items/section_progress ему недоступен'],
    ['GET', () => '/revisions?fields=data', () => undefined, () => 'путь /revisions ему недоступен'],
    ['GET', () => '/activity', () => undefined, () => 'путь /activity ему недоступен'],
    ['GET', () => '/versions', () => undefined, () => 'путь /versions ему недоступен'],
    ['GET', () => '/presets', () => undefined, () => 'путь /presets ему недоступен'],
    ['GET', () => '/comments', () => undefined, () => 'путь /comments ему недоступен'],
    ['GET', () => '/files', () => undefined, () => 'путь /files ему недоступен'],
    ['GET', () => '/fields/sections', () => undefined, () => 'путь /fields/sections ему недоступен'],
    ['GET', () => '/relations', () => undefined, () => 'путь /relations ему недоступен'],
    ['GET', () => '/collections', () => undefined, () => 'путь /collections ему недоступен'],
    ['GET', () => '/permissions', () => undefined, () => 'путь /permissions ему недоступен'],
    ['GET', () => '/policies/me/globals', () => undefined, () => 'путь /policies/me/globals ему недоступен'],
    ['GET', () => '/server/info', () => undefined, () => 'путь /server/info ему недоступен'],
    ['GET', () => '/server/specs/oas', () => undefined, () => 'путь /server/specs/oas ему недоступен'],
    ['GET', () => '/server/specs/graphql', () => undefined, () => 'путь /server/specs/graphql ему недоступен'],
    ['GET', () => '/schema/snapshot', () => undefined, () => 'путь /schema/snapshot ему недоступен'],
    ['POST', () => '/utils/hash/generate', () => ({ string: 'x' }), () => 'путь /utils/hash/generate ему недоступен'],
    ['GET', () => '/utils/random/string', () => undefined, () => 'путь /utils/random/string ему недоступен'],
    ['POST', () => '/utils/export/sections', () => ({ query: { fields: ['body'] }, format: 'json' }), () => 'путь /utils/export/sections ему недоступен'],
    ['GET', () => '/assets/00000000-0000-4000-8000-000000000000', () => undefined, () => 'ему недоступен'],
    ['POST', () => '/graphql', () => ({ query: '{ sections(filter: { body: { _starts_with: "CTO" } }) { id } }' }), () => 'GraphQL ему недоступен'],
    ['POST', () => '/graphql/system', () => ({ query: '{ users { id email } }' }), () => 'GraphQL ему недоступен'],
    ['GET', () => `/graphql?query=${encodeURIComponent('{ sections { id body } }')}`, () => undefined, () => 'GraphQL ему недоступен'],
    ['SEARCH', () => '/items/sections', () => ({ query: { filter: { body: { _starts_with: 'CTO' } }, fields: ['id'] } }), () => 'SEARCH /items/sections ему недоступен'],
    ['SEARCH', () => '/users', () => ({ query: { filter: { email: { _nnull: true } } } }), () => 'SEARCH /users ему недоступен'],
    ['PATCH', () => '/items/sections', () => ({ keys: [published.id], data: { title: 'x' } }), () => 'PATCH /items/sections ему недоступен'],
    ['POST', () => '/items/sections', () => ({ title: 'Читатель пишет' }), () => 'POST /items/sections ему недоступен'],
    ['DELETE', () => '/items/sections', () => [published.id], () => 'DELETE /items/sections ему недоступен'],
    ['POST', () => '/auth/logout', () => ({}), () => 'путь /auth/logout ему недоступен'],
    ['POST', () => '/versions', () => ({ key: 'r', name: 'r', collection: 'sections', item: published.id }), () => 'путь /versions ему недоступен'],
  ];
  for (const [method, path, body, hint] of otherDoors) {
    test(`${method} ${decodeURIComponent(path()).slice(0, 90)}`, async () => {
      assertAllowListRefusal(await asReader(method, path(), body()), hint(), `${method} ${path()}`);
    });
  }

  test('a GraphQL mutation answers 403 with the reason, not 500', async () => {
    for (const endpoint of ['/graphql', '/graphql/system']) {
      const response = await asReader('POST', endpoint, { query: `mutation { update_sections_item(id: "${published.id}", data: { title: "Взлом" }) { id } }` });
      assertAllowListRefusal(response, 'GraphQL ему недоступен', endpoint);
    }
    const live = await cms.api('GET', `/items/sections/${published.id}?fields=title`);
    assert.equal(live.body.data.title, 'Готовая страница');
  });

  test('many attacks at once change nothing and leak nothing', async () => {
    const probes = Array.from({ length: 30 }, (_, i) =>
      asReader('GET', `/users?fields=id&filter=${q({ '$FOLLOW(sections,owner)': { body: { _starts_with: DRAFT_BODY.slice(0, i + 1) } } })}`),
    );
    for (const response of await Promise.all(probes)) assertAllowListRefusal(response, 'уберите filter', 'concurrent probe');
  });
});
