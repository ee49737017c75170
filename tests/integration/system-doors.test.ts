import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type ApiResponse, type TestCms, type TestUser } from '../support/test-cms.js';
import { ROLE } from '../../core/fixed-ids.js';

/**
 * Directus's system collections as a hostile editor would use them (README "Roles and rules"):
 * revisions (a student reads the history of the main text and of their own versions only, the CTO
 * all of it), activity (no one's IP address or user agent but one's own), `$FOLLOW` filters (refused
 * to every account but the admin) and presets (each editor's own only; global and role bookmarks
 * are the admin's) — through REST, GraphQL (/graphql/system) and batch requests; the site's token
 * and anonymous visitors too.
 */

const LIVE_BODY = 'Живой текст страницы Бориса';
const PENDING_BODY = 'BOB-PENDING: правка Бориса, ждущая проверки CTO';
const FOLLOW_REFUSAL = /^Фильтр \$FOLLOW\(directus_versions,(item|user_created)\) в (query\.)?(filter|deep) недоступен: \$FOLLOW читает связанную коллекцию в обход прав на её записи/;
const ORIGIN_REFUSAL = /^По (ip|user_agent|ip и user_agent) нельзя фильтровать, сортировать и группировать: IP-адреса и браузеры других редакторов скрыты/;

let cms: TestCms;
let alice: TestUser;
let bob: TestUser;
let cto: TestUser;
let bobPage = { id: '<bob page>', code: '' };
let bobVersion = { id: '<bob version>' };

type Who = 'alice' | 'bob' | 'cto' | 'admin' | 'siteReader' | 'anonymous';
const tokenOf = (who: Who): string | null =>
  ({ alice: alice.token, bob: bob.token, cto: cto.token, admin: cms.adminToken, siteReader: cms.siteReaderToken, anonymous: null })[who];
const as = (who: Who, method: string, path: string, body?: unknown) => cms.api(method, path, { token: tokenOf(who), ...(body === undefined ? {} : { body }) });
const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const graphql = (who: Who, query: string) => as(who, 'POST', '/graphql/system', { query });

function ok(response: ApiResponse, what: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.ok(response.status >= 200 && response.status < 300, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body?.data;
}

function assertGateRefusal(response: ApiResponse, message: RegExp, what: string): void {
  assert.equal(response.status, 403, `${what}: ${JSON.stringify(response.body)}`);
  const [error] = response.body?.errors ?? [];
  assert.equal(error?.extensions?.code, 'FORBIDDEN', what);
  assert.equal(error?.extensions?.rule, 'section-forbidden', `${what}: refused by the project's gate`);
  assert.match(error.message, message, what);
}

/** A refused request: an error status (REST) or GraphQL errors, and no data. */
function assertRefused(response: ApiResponse, what: string): void {
  const refused = response.status >= 400 || (Array.isArray(response.body?.errors) && response.body.errors.length > 0);
  assert.ok(refused, `${what} is refused: ${response.status} ${JSON.stringify(response.body)}`);
}

before(async () => {
  cms = await startTestCms();
  alice = await cms.createUser('student', 'Алиса Иванова');
  bob = await cms.createUser('student', 'Борис Петров');
  cto = await cms.createUser('cto', 'Карина Сергеева');
  const chapter = ok(await as('admin', 'POST', '/items/sections', { title: 'Сервисы' }), 'chapter');
  bobPage = ok(await as('admin', 'POST', '/items/sections', { title: 'Страница Бориса', parent: chapter.id, status: 'published', owner: bob.id, body: LIVE_BODY }), 'bob page');
  // Bob's edit of his published page goes into his content version (README "review of published pages").
  const diverted = await as('bob', 'PATCH', `/items/sections/${bobPage.id}`, { body: PENDING_BODY });
  assert.equal(diverted.status, 409, JSON.stringify(diverted.body));
  [bobVersion] = ok(await as('admin', 'GET', `/versions?filter[item][_eq]=${bobPage.id}&fields=id`), 'bob version');
  // Activity of each editor on sections, with their IP address and user agent.
  ok(await as('bob', 'POST', '/items/sections', { title: 'Черновик Бориса', parent: chapter.id, status: 'in_progress' }), 'bob draft');
  ok(await as('alice', 'POST', '/items/sections', { title: 'Черновик Алисы', parent: chapter.id, status: 'in_progress' }), 'alice draft');
  ok(await as('cto', 'PATCH', `/items/sections/${chapter.id}`, { summary: 'Сервисы команды' }), 'cto edit');
});

after(async () => {
  await cms?.destroy();
});

describe('revisions: a student reads the main text’s history and their own versions’ only', () => {
  test('the attack: GET /revisions of versions shows no other student’s pending text', async () => {
    const rows = ok(await as('alice', 'GET', '/revisions?filter[version][_nnull]=true&fields=item,version,data,delta&limit=-1'), 'revisions');
    assert.deepEqual(rows, [], 'alice has no versions, so no version revisions');
    const all = ok(await as('alice', 'GET', '/revisions?fields=item,version,data,delta&limit=-1'), 'all revisions');
    assert.ok(all.length > 0, 'the main text’s history stays readable');
    assert.ok(!JSON.stringify(all).includes('BOB-PENDING'), 'no pending text in any revision alice reads');
    assert.ok(all.every((r: { version: string | null }) => r.version === null));
  });

  test('nor through GraphQL, nested reads from the activity, or a filter on the version', async () => {
    const gql = await graphql('alice', '{ revisions(limit: -1) { item data delta version { id } } }');
    assert.equal(gql.status, 200, JSON.stringify(gql.body));
    assert.ok(gql.body.data.revisions.length > 0);
    assert.ok(!JSON.stringify(gql.body).includes('BOB-PENDING'), `GraphQL: ${JSON.stringify(gql.body)}`);
    const nested = ok(await as('alice', 'GET', '/activity?fields=id,revisions.data,revisions.delta&limit=-1'), 'activity with revisions');
    assert.ok(!JSON.stringify(nested).includes('BOB-PENDING'), 'activity → revisions');
    const byVersion = ok(await as('alice', 'GET', `/revisions?filter[version][_eq]=${bobVersion.id}&fields=id,data`), 'by version id');
    assert.deepEqual(byVersion, []);
    const byAuthor = ok(await as('alice', 'GET', `/revisions?filter[version][user_created][_eq]=${bob.id}&fields=id`), 'by version author');
    assert.deepEqual(byAuthor, [], 'who has a pending version stays hidden');
  });

  test('the author reads their own version’s revisions; the CTO reads every revision', async () => {
    for (const who of ['bob', 'cto'] as const) {
      const rows = ok(await as(who, 'GET', `/revisions?filter[version][_eq]=${bobVersion.id}&fields=data,delta,version`), `${who} reads`);
      assert.ok(JSON.stringify(rows).includes('BOB-PENDING'), `${who} sees the pending text: ${JSON.stringify(rows)}`);
    }
  });

  test('the admin app’s revisions sidebar works for a student and the CTO', async () => {
    const sidebar = (version: string | null) => ({
      filter: q({ _and: [{ collection: { _eq: 'sections' } }, { item: { _eq: bobPage.id } }, { version: version ? { _eq: version } : { _null: true } }] }),
      fields: 'id,collection,item,activity.action,activity.timestamp,activity.user.id,activity.user.email,activity.user.first_name,activity.user.last_name,activity.ip,activity.user_agent,activity.origin,data,delta',
    });
    const get = (who: Who, version: string | null) => {
      const s = sidebar(version);
      return as(who, 'GET', `/revisions?filter=${s.filter}&sort=-id&limit=10&fields=${s.fields}`);
    };
    const main = ok(await get('alice', null), 'student, main text');
    assert.equal(main[0]?.data?.body, LIVE_BODY, 'the creation revision');
    assert.equal(main[0]?.activity?.ip, null, 'another editor’s IP stays hidden in the sidebar');
    ok(await as('alice', 'GET', `/revisions?filter=${sidebar(null).filter}&aggregate[count]=id`), 'student, count');
    const own = ok(await get('bob', bobVersion.id), 'student, own version');
    assert.ok(JSON.stringify(own).includes('BOB-PENDING'));
    assert.ok(own[0]?.activity?.ip, 'the author sees their own IP');
    ok(await get('cto', bobVersion.id), 'CTO, a student’s version');
    // Comments beside it.
    ok(await as('alice', 'POST', '/comments', { collection: 'sections', item: bobPage.id, comment: 'Посмотрю завтра' }), 'student comments');
    const comments = ok(await as('cto', 'GET', `/comments?filter[collection][_eq]=sections&filter[item][_eq]=${bobPage.id}&fields=id,comment,user_created.first_name`), 'CTO reads comments');
    assert.equal(comments.length, 1);
  });
});

describe('$FOLLOW filters: refused to everyone but the admin', () => {
  const attacks: [string, () => string, (() => unknown)?][] = [
    ['who has a pending version where (filter as JSON)', () => `/items/sections?fields=id&filter=${q({ '$FOLLOW(directus_versions,item)': { user_created: { _eq: bob.id } } })}`],
    ['the same as filter[…] parameters', () => `/items/sections?fields=id&filter[$FOLLOW(directus_versions,item)][user_created][_eq]=${bob.id}`],
    ['people with a pending version of a section', () => `/users?fields=id&filter=${q({ '$FOLLOW(directus_versions,user_created)': { item: { _eq: bobPage.id } } })}`],
    ['inside deep', () => `/items/sections?fields=id,children.id&deep=${q({ children: { _filter: { '$FOLLOW(directus_versions,item)': { user_created: { _eq: bob.id } } } } })}`],
    ['inside a nested _and of revisions', () => `/revisions?fields=id&filter=${q({ _and: [{ collection: { _eq: 'sections' } }, { '$FOLLOW(directus_versions,item)': { delta: { _nnull: true } } }] })}`],
  ];
  for (const [name, path] of attacks) {
    for (const who of ['alice', 'cto'] as const) {
      test(`${who}: ${name}`, async () => {
        assertGateRefusal(await as(who, 'GET', path()), FOLLOW_REFUSAL, `${who} ${name}`);
      });
    }
  }

  test('a batch update or delete selecting its items by a $FOLLOW query', async () => {
    const query = { filter: { '$FOLLOW(directus_versions,item)': { user_created: { _eq: bob.id } } } };
    assertGateRefusal(await as('alice', 'PATCH', '/items/sections', { query, data: { summary: 'x' } }), FOLLOW_REFUSAL, 'batch update');
    assertGateRefusal(await as('cto', 'DELETE', '/items/sections', { query }), FOLLOW_REFUSAL, 'batch delete');
    assert.equal(ok(await as('admin', 'GET', `/items/sections/${bobPage.id}?fields=summary`), 'unchanged').summary, null);
  });

  test('the site token and anonymous visitors are refused; the admin may', async () => {
    const path = `/items/sections?fields=id&filter=${q({ '$FOLLOW(directus_versions,item)': { user_created: { _eq: bob.id } } })}`;
    assert.equal((await as('siteReader', 'GET', path)).status, 403);
    assert.equal((await as('anonymous', 'GET', path)).status, 403);
    // (From users: on PostgreSQL Directus cannot compare sections' uuid with versions' text `item`.)
    const people = `/users?fields=id&filter=${q({ '$FOLLOW(directus_versions,user_created)': { item: { _eq: bobPage.id } } })}`;
    const admin = ok(await as('admin', 'GET', people), 'admin');
    assert.deepEqual(admin.map((u: { id: string }) => u.id), [bob.id]);
  });
});

describe('activity: no one’s IP address or user agent but one’s own', () => {
  const byUser = (rows: { user: string; ip: string | null; user_agent: string | null }[], id: string) => rows.filter((r) => r.user === id);

  test('the admin sees every editor’s (so the hiding below is of something)', async () => {
    const rows = ok(await as('admin', 'GET', '/activity?filter[collection][_eq]=sections&fields=user,ip,user_agent&limit=-1'), 'admin');
    for (const who of [alice, bob, cto]) {
      assert.ok(byUser(rows, who.id).length > 0, 'each editor has activity');
      assert.ok(byUser(rows, who.id).every((r) => r.ip && r.user_agent), 'with IP and user agent');
    }
  });

  for (const [who, self, others] of [
    ['alice', () => alice, () => [bob, cto]],
    ['cto', () => cto, () => [alice, bob]],
  ] as const) {
    test(`${who} reads their own IP and user agent, not the others’ (REST, GraphQL, through revisions)`, async () => {
      const rows = ok(await as(who, 'GET', '/activity?filter[collection][_eq]=sections&fields=user,ip,user_agent,action&limit=-1'), 'activity');
      assert.ok(byUser(rows, self().id).every((r) => r.ip && r.user_agent), 'own');
      for (const other of others()) {
        const theirs = byUser(rows, other.id);
        assert.ok(theirs.length > 0, 'others’ activity stays listed');
        assert.deepEqual(theirs.map((r) => [r.ip, r.user_agent]), theirs.map(() => [null, null]), `${other.email}: hidden`);
      }
      const gql = await graphql(who, '{ activity(limit: -1, filter: { collection: { _eq: "sections" } }) { user { id } ip user_agent } }');
      assert.equal(gql.status, 200, JSON.stringify(gql.body));
      const others_ = gql.body.data.activity.filter((r: { user: { id: string } | null }) => r.user?.id !== self().id);
      assert.ok(others_.length > 0 && others_.every((r: { ip: unknown; user_agent: unknown }) => r.ip === null && r.user_agent === null), 'GraphQL');
      const revisions = ok(await as(who, 'GET', '/revisions?fields=activity.user,activity.ip,activity.user_agent&limit=-1'), 'revisions → activity');
      const foreign = revisions.map((r: { activity: { user: string; ip: unknown; user_agent: unknown } }) => r.activity).filter((a: { user: string }) => a.user !== self().id);
      assert.ok(foreign.length > 0 && foreign.every((a: { ip: unknown; user_agent: unknown }) => a.ip === null && a.user_agent === null), 'revisions → activity');
    });
  }

  const probes: [string, () => string][] = [
    ['a filter on ip', () => `/activity?fields=id&filter[user][_eq]=${bob.id}&filter[ip][_starts_with]=127`],
    ['a filter on user_agent through revisions', () => `/revisions?fields=id&filter[activity][user_agent][_starts_with]=node`],
    ['a sort on ip', () => '/activity?fields=id&sort=-ip'],
    ['a group by user_agent', () => '/activity?aggregate[count]=id&groupBy=user_agent'],
    ['a filter on ip inside deep', () => `/activity?fields=id,revisions.id&deep=${q({ revisions: { _filter: { activity: { ip: { _starts_with: '127' } } } } })}`],
  ];
  test('a search on the activity is refused (Directus would search others’ IP and user agent too)', async () => {
    const SEARCH_REFUSAL = /^Поиск по журналу действий \(activity\) недоступен: он прошёл бы и по IP-адресам и браузерам других редакторов/;
    for (const who of ['alice', 'cto'] as const) {
      assertGateRefusal(await as(who, 'GET', '/activity?fields=id,user&search=127.0.0.1'), SEARCH_REFUSAL, `${who}: REST`);
      const gql = await graphql(who, '{ activity(search: "127.0.0.1") { id user { id } } }');
      assert.match(gql.body?.errors?.[0]?.message ?? '', SEARCH_REFUSAL, `${who}: GraphQL ${JSON.stringify(gql.body)}`);
    }
    ok(await as('admin', 'GET', '/activity?fields=id&search=127.0.0.1'), 'the admin searches');
  });

  for (const [name, path] of probes) {
    test(`${name} is refused (it would be evaluated on others’ rows)`, async () => {
      for (const who of ['alice', 'cto'] as const) assertGateRefusal(await as(who, 'GET', path()), ORIGIN_REFUSAL, `${who}: ${name}`);
    });
  }
});

describe('presets: each editor creates, changes and deletes only their own', () => {
  let teamBookmark = { id: 0 };
  const stored = async (bookmark: string) => ok(await as('admin', 'GET', `/presets?filter[bookmark][_eq]=${encodeURIComponent(bookmark)}&fields=id,user,role,bookmark`), 'stored');

  before(async () => {
    teamBookmark = ok(await as('admin', 'POST', '/presets', { bookmark: 'Для всей команды', collection: 'sections', layout: 'tabular' }), 'global bookmark');
  });

  test('the attack: a bookmark without a user is the student’s own, never a global one the CTO sees', async () => {
    const response = await as('alice', 'POST', '/presets', { bookmark: 'Подброшенная', collection: 'sections', layout: 'tabular', filter: { status: { _eq: 'review' } } });
    if (response.status === 200) assert.equal(response.body.data.user, alice.id, 'stored as alice’s');
    const rows = await stored('Подброшенная');
    assert.ok(rows.every((p: { user: string | null }) => p.user === alice.id), `never global: ${JSON.stringify(rows)}`);
    const ctoSees = ok(await as('cto', 'GET', '/presets?fields=bookmark&limit=-1'), 'CTO’s presets');
    assert.ok(!ctoSees.some((p: { bookmark: string }) => p.bookmark === 'Подброшенная'), 'not in the CTO’s app');
  });

  const plants: [string, Who, () => unknown][] = [
    ['user null', 'alice', () => ({ bookmark: 'P1', collection: 'sections', user: null })],
    ['the CTO’s user', 'alice', () => ({ bookmark: 'P2', collection: 'sections', user: cto.id })],
    ['a role, no user', 'alice', () => ({ bookmark: 'P3', collection: 'sections', role: ROLE.cto })],
    ['a role with own user', 'alice', () => ({ bookmark: 'P4', collection: 'sections', user: alice.id, role: ROLE.cto })],
    ['a batch with one global', 'alice', () => [{ bookmark: 'P5', collection: 'sections', user: alice.id }, { bookmark: 'P5', collection: 'sections', user: null }]],
    ['the CTO: user null', 'cto', () => ({ bookmark: 'P6', collection: 'sections', user: null })],
    ['the CTO: the student role', 'cto', () => ({ bookmark: 'P7', collection: 'sections', role: ROLE.student })],
    ['the site token', 'siteReader', () => ({ bookmark: 'P8', collection: 'sections', user: SITE_READER_ANY })],
    ['anonymous', 'anonymous', () => ({ bookmark: 'P9', collection: 'sections' })],
  ];
  for (const [name, who, body] of plants) {
    test(`POST /presets with ${name} is refused and stores nothing`, async () => {
      const payload = body() as { bookmark: string } | { bookmark: string }[];
      const bookmark = Array.isArray(payload) ? payload[0]!.bookmark : payload.bookmark;
      assertRefused(await as(who, 'POST', '/presets', payload), name);
      assert.deepEqual(await stored(bookmark), []);
    });
  }

  test('GraphQL create_presets_item: no global preset either', async () => {
    const nullUser = await graphql('alice', 'mutation { create_presets_item(data: { bookmark: "G1", collection: "sections", user: null }) { id } }');
    assertRefused(nullUser, 'GraphQL with user null');
    const withRole = await graphql('cto', `mutation { create_presets_item(data: { bookmark: "G2", collection: "sections", role: "${ROLE.cto}" }) { id } }`);
    assertRefused(withRole, 'GraphQL with a role');
    const bare = await graphql('alice', 'mutation { create_presets_item(data: { bookmark: "G3", collection: "sections" }) { id } }');
    if (!bare.body?.errors) assert.ok(bare.body.data.create_presets_item.id);
    assert.deepEqual(await stored('G1'), []);
    assert.deepEqual(await stored('G2'), []);
    assert.ok((await stored('G3')).every((p: { user: string }) => p.user === alice.id));
  });

  test('a global bookmark cannot be changed or deleted by an editor, one by one or in a batch', async () => {
    for (const who of ['alice', 'cto'] as const) {
      assertRefused(await as(who, 'PATCH', `/presets/${teamBookmark.id}`, { bookmark: 'Захвачена' }), `${who} PATCH`);
      assertRefused(await as(who, 'PATCH', `/presets/${teamBookmark.id}`, { user: tokenOwner(who) }), `${who} takes it over`);
      assertRefused(await as(who, 'DELETE', `/presets/${teamBookmark.id}`), `${who} DELETE`);
      assertRefused(await as(who, 'PATCH', '/presets', { keys: [teamBookmark.id], data: { bookmark: 'Захвачена' } }), `${who} batch PATCH`);
      assertRefused(await as(who, 'DELETE', '/presets', [teamBookmark.id]), `${who} batch DELETE`);
      const gql = await graphql(who, `mutation { update_presets_item(id: ${teamBookmark.id}, data: { bookmark: "Захвачена" }) { id } }`);
      assertRefused(gql, `${who} GraphQL update`);
    }
    const [after] = await stored('Для всей команды');
    assert.deepEqual(after, { id: teamBookmark.id, user: null, role: null, bookmark: 'Для всей команды' });
  });

  test('an own bookmark: renamed and deleted by its owner, never made global or given a role', async () => {
    const own = ok(await as('alice', 'POST', '/presets', { bookmark: 'Мои черновики', collection: 'sections', user: alice.id }), 'own');
    assertRefused(await as('alice', 'PATCH', `/presets/${own.id}`, { user: null }), 'made global');
    assertRefused(await as('alice', 'PATCH', `/presets/${own.id}`, { role: ROLE.student }), 'given a role');
    assertRefused(await as('alice', 'PATCH', '/presets', { keys: [own.id], data: { user: null } }), 'batch made global');
    assertRefused(await as('alice', 'PATCH', '/presets', { keys: [own.id, teamBookmark.id], data: { bookmark: 'Обе' } }), 'batch with a global key');
    assertRefused(await graphql('alice', `mutation { update_presets_item(id: ${own.id}, data: { role: "${ROLE.cto}" }) { id } }`), 'GraphQL role');
    assertRefused(await as('bob', 'PATCH', `/presets/${own.id}`, { bookmark: 'Чужая' }), 'another student');
    assert.deepEqual(await stored('Мои черновики'), [{ id: own.id, user: alice.id, role: null, bookmark: 'Мои черновики' }]);
    ok(await as('alice', 'PATCH', `/presets/${own.id}`, { bookmark: 'Мои черновики 2' }), 'renamed');
    const gone = await as('alice', 'DELETE', `/presets/${own.id}`);
    assert.equal(gone.status, 204, JSON.stringify(gone.body));
  });

  test('the admin app saves a student’s layout: its copy of the default view, as their own', async () => {
    const [view] = ok(await as('alice', 'GET', '/presets?filter[collection][_eq]=sections&filter[bookmark][_null]=true&filter[user][_null]=true'), 'default view');
    assert.ok(view, 'migration 0001’s default view of sections');
    const { id: _id, ...copy } = view;
    const mine = ok(await as('alice', 'POST', '/presets', { ...copy, layout_query: { tabular: { sort: ['title'] } }, user: alice.id }), 'the app’s copy');
    assert.equal(mine.user, alice.id);
    ok(await as('alice', 'PATCH', `/presets/${mine.id}`, { layout_query: { tabular: { sort: ['-title'] } } }), 'the app’s next save');
  });
});

// A user id that is not the site reader's own; the token may not write presets at all.
const SITE_READER_ANY = '00000000-0000-4000-8000-000000000000';
const tokenOwner = (who: 'alice' | 'cto') => (who === 'alice' ? alice.id : cto.id);
