import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';
import { loadStatusReport } from '../../content/report/data.js';
import { buildSiteModel } from '../../site/src/lib/site-model.js';
import { PANEL, ROLE } from '../../core/fixed-ids.js';

/**
 * Issue 12, item 2: a student's edit of a published page waits in a content version, and the review
 * queue finds it — the same count in the CTO's bookmark «На проверке», the dashboard's panels, the
 * student's «Мои: на проверке», `npm run report` and the site's status board — until it is promoted
 * or discarded. Item 9: per-owner figures equal on the dashboard, in the report and on the site.
 */

const LIVE_BODY = 'Живой текст опубликованной страницы';
const PROPOSED_BODY = 'Черновик правки, которого нет на сайте';

let cms: TestCms;
let alice: TestUser;
let cto: TestUser;
let published: { id: string; code: string };
let inReview: { id: string; code: string };

async function createSection(body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const response = await cms.api('POST', '/items/sections', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

/** The bookmark's filter as Directus stores it, with `$CURRENT_USER` as the person looking. */
async function bookmarkFilter(role: string, name: string): Promise<unknown> {
  const response = await cms.api('GET', `/presets?filter[role][_eq]=${role}&filter[bookmark][_eq]=${encodeURIComponent(name)}&filter[user][_null]=true`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.data.length, 1, `bookmark ${name}`);
  return response.body.data[0].filter;
}

async function listCodes(token: string, filter: unknown): Promise<string[]> {
  const response = await cms.api('GET', `/items/sections?fields=code&sort=code&limit=-1&filter=${encodeURIComponent(JSON.stringify(filter))}`, { token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data.map((s: { code: string }) => s.code);
}

async function panelOptions(id: string): Promise<{ filter: unknown; displayTemplate?: string }> {
  const response = await cms.api('GET', `/panels/${id}`, { token: cto.token });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data.options;
}

interface Everywhere {
  bookmark: string[];
  studentBookmark: string[];
  panelList: string[];
  panelCount: number;
  report: string[];
  board: string[];
  boardPending: string[];
}

/** What each place shows as the review queue, read the way that place reads it. */
async function queueEverywhere(): Promise<Everywhere> {
  const bookmark = await listCodes(cto.token, await bookmarkFilter(ROLE.cto, 'На проверке'));
  const mine = JSON.parse(JSON.stringify(await bookmarkFilter(ROLE.student, 'Мои: на проверке')).replaceAll('$CURRENT_USER', alice.id));
  const studentBookmark = await listCodes(alice.token, mine);
  const panelList = await listCodes(cto.token, (await panelOptions(PANEL.reviewQueue)).filter);
  const countFilter = (await panelOptions(PANEL.inReview)).filter;
  const counted = await cms.api('GET', `/items/sections?aggregate[count]=id&filter=${encodeURIComponent(JSON.stringify(countFilter))}`, { token: cto.token });
  assert.equal(counted.status, 200, JSON.stringify(counted.body));
  const report = (await loadStatusReport({ client: cms.admin })).reviewQueue.map((r) => r.code).sort();
  const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
  const model = buildSiteModel(await fetchAllSections({ client: reader }), await fetchPeople(reader), { siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: cms.url });
  return {
    bookmark,
    studentBookmark,
    panelList,
    panelCount: Number(counted.body.data[0].count.id),
    report,
    board: model.reviewQueue.map((s) => s.code).sort(),
    boardPending: model.sections.filter((s) => s.pendingEdits > 0).map((s) => s.code),
  };
}

/** The hook counts after Directus answers (its actions run then): wait until every place agrees. */
async function settledQueue(expected: string[]): Promise<Everywhere> {
  let last: Everywhere | null = null;
  for (let i = 0; i < 50; i++) {
    last = await queueEverywhere();
    const all = [last.bookmark, last.panelList, last.report, last.board];
    if (all.every((codes) => JSON.stringify(codes) === JSON.stringify(expected)) && last.panelCount === expected.length) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the review queue did not settle on ${JSON.stringify(expected)}: ${JSON.stringify(last)}`);
}

async function saveStudentEdit(body = PROPOSED_BODY): Promise<string> {
  const response = await cms.api('PATCH', `/items/sections/${published.id}`, { token: alice.token, body: { body } });
  // The hook keeps the edit in her version and says so (the live page does not change).
  assert.match(JSON.stringify(response.body), /верси/i, JSON.stringify(response.body));
  const versions = await cms.api('GET', `/versions?filter[item][_eq]=${published.id}&fields=id,delta`);
  assert.equal(versions.body.data.length, 1, JSON.stringify(versions.body));
  return versions.body.data[0].id;
}

before(async () => {
  cms = await startTestCms();
  alice = await cms.createUser('student', 'Алиса Иванова');
  cto = await cms.createUser('cto', 'Карина Сергеева');
  const chapter = await createSection({ title: 'Инфраструктура', status: 'in_progress' });
  published = await createSection({ title: 'Серверы', parent: chapter.id, status: 'published', owner: alice.id, body: LIVE_BODY });
  inReview = await createSection({ title: 'Сеть', parent: chapter.id, status: 'review', owner: alice.id, body: 'Черновик сети' });
});

after(async () => {
  await cms?.destroy();
});

describe('the review queue finds pending edits of published pages', () => {
  test('before any edit: the section in review only, the same everywhere', async () => {
    const queue = await settledQueue([inReview.code]);
    assert.deepEqual(queue.studentBookmark, [inReview.code]);
    assert.deepEqual(queue.boardPending, []);
  });

  test('a student saves an edit of her published page: the bookmark, the panels, the report and the board count it', async () => {
    await saveStudentEdit();
    const queue = await settledQueue([published.code, inReview.code].sort());
    assert.deepEqual(queue.studentBookmark, [published.code, inReview.code].sort(), 'her «Мои: на проверке» shows it too');
    assert.equal(queue.panelCount, 2, 'the dashboard said 1 where the report said 2 (issue 12)');
    assert.deepEqual(queue.boardPending, [published.code], 'the board marks «правка на проверке»');
    const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
    const onSite = (await fetchAllSections({ client: reader })).find((s) => s.id === published.id);
    assert.equal(onSite?.body, LIVE_BODY, 'the site never sees the draft text');
    const report = await loadStatusReport({ client: cms.admin });
    const item = report.reviewQueue.find((r) => r.code === published.code);
    assert.equal(item?.kind, 'version');
    assert.equal(item?.proposal, 'Правка: Алиса Иванова');
  });

  test('the site token cannot read versions or their deltas; anonymous reads nothing', async () => {
    for (const token of [cms.siteReaderToken, null]) {
      const versions = await cms.api('GET', '/versions?fields=delta', { token });
      assert.equal(versions.status, 403, JSON.stringify(versions.body));
      const asItem = await cms.api('GET', `/items/sections/${published.id}?version=proposal-${alice.id.slice(0, 8)}`, { token });
      assert.ok(asItem.status === 403 || !JSON.stringify(asItem.body).includes(PROPOSED_BODY), JSON.stringify(asItem.body));
    }
    const anonymous = await cms.api('GET', '/items/sections?fields=pending_edits', { token: null });
    assert.equal(anonymous.status, 403, JSON.stringify(anonymous.body));
  });

  test('the CTO promotes it: gone from the queue everywhere', async () => {
    const [version] = (await cms.api('GET', `/versions?filter[item][_eq]=${published.id}&fields=id`)).body.data;
    const compare = await cms.api('GET', `/versions/${version.id}/compare`, { token: cto.token });
    const promote = await cms.api('POST', `/versions/${version.id}/promote`, { token: cto.token, body: { mainHash: compare.body.data.mainHash } });
    assert.equal(promote.status, 200, JSON.stringify(promote.body));
    // Directus keeps the promoted version (the app offers to delete it): its delta is now the live text.
    assert.equal((await cms.api('GET', `/versions?filter[item][_eq]=${published.id}`)).body.data.length, 1);
    const queue = await settledQueue([inReview.code]);
    assert.deepEqual(queue.boardPending, []);
    await cms.api('DELETE', `/versions/${version.id}`, { token: cto.token });
  });

  test('a discarded (deleted) edit leaves the queue too', async () => {
    // The promoted text is live now: an edit that repeats it would change nothing and wait for nobody.
    const same = await saveStudentEdit();
    await settledQueue([inReview.code]);
    await cms.api('DELETE', `/versions/${same}`, { token: cto.token });
    const version = await saveStudentEdit(`${PROPOSED_BODY} ещё раз`);
    await settledQueue([published.code, inReview.code].sort());
    const discard = await cms.api('DELETE', `/versions/${version}`, { token: cto.token });
    assert.equal(discard.status, 204, JSON.stringify(discard.body));
    await settledQueue([inReview.code]);
  });
});

describe('nobody but the system sets the count', () => {
  const refused = /Правки на проверке.*ведёт система/;

  test('REST, batch and GraphQL writes of pending_edits are refused in Russian, for the student and the CTO', async () => {
    for (const user of [alice, cto]) {
      const one = await cms.api('PATCH', `/items/sections/${inReview.id}`, { token: user.token, body: { pending_edits: 5 } });
      assert.equal(one.status, 403, JSON.stringify(one.body));
      assert.match(one.body.errors[0].message, refused);
      const batch = await cms.api('PATCH', '/items/sections', { token: user.token, body: [{ id: inReview.id, pending_edits: 5 }] });
      assert.equal(batch.status, 403, JSON.stringify(batch.body));
      const create = await cms.api('POST', '/items/sections', { token: user.token, body: { title: 'Подделка', parent: published.id, status: 'planned', owner: user.id, pending_edits: 3 } });
      assert.equal(create.status, 403, JSON.stringify(create.body));
      const gql = await cms.api('POST', '/graphql', {
        token: user.token,
        body: { query: `mutation { update_sections_item(id: "${inReview.id}", data: { pending_edits: 5 }) { id } }` },
      });
      assert.ok(gql.body.errors?.length > 0, JSON.stringify(gql.body));
    }
    const stored = await cms.api('GET', `/items/sections/${inReview.id}?fields=pending_edits`);
    assert.equal(stored.body.data.pending_edits, 0);
    await settledQueue([inReview.code]);
  });
});

describe('who is behind: per-owner figures', () => {
  test('the dashboard rows, the report and the site owner page give the same open, review, overdue and stale', async () => {
    // An overdue section of Alice's, and a pending edit again.
    const due = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await createSection({ title: 'Резервные копии', parent: published.id, status: 'in_progress', owner: alice.id, due_date: due });
    await cms.api('PATCH', `/items/sections/${published.id}`, { token: alice.token, body: { body: 'Снова правка' } });
    await settledQueue([published.code, inReview.code].sort());
    const pick = (r: Record<string, number>) => ({ open: r.open, review: r.review, overdue: r.overdue, stale: r.stale, published: r.published, total: r.total });
    const expected = { open: 2, review: 2, overdue: 1, stale: 0, published: 1, total: 3 };
    let dashboard: unknown = null;
    for (let i = 0; i < 50 && JSON.stringify(dashboard) !== JSON.stringify(expected); i++) {
      await new Promise((r) => setTimeout(r, 200));
      const rows = await cms.api('GET', `/items/section_progress?filter[kind][_eq]=owner&filter[id][_eq]=${alice.id}`, { token: cto.token });
      dashboard = rows.body.data[0] ? pick(rows.body.data[0]) : null;
    }
    assert.deepEqual(dashboard, expected, 'the dashboard row');
    const report = (await loadStatusReport({ client: cms.admin })).owners.find((o) => o.id === alice.id);
    assert.deepEqual(pick(report as unknown as Record<string, number>), expected, 'npm run report');
    const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
    const model = buildSiteModel(await fetchAllSections({ client: reader }), await fetchPeople(reader), { siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: cms.url });
    const owner = model.owners.find((o) => o.id === alice.id);
    assert.ok(owner);
    assert.deepEqual(pick(model.ownerProgress(owner) as unknown as Record<string, number>), expected, 'the site owner page');
    const template = (await panelOptions(PANEL.byOwner)).displayTemplate ?? '';
    for (const field of ['{{open}}', '{{review}}', '{{overdue}}', '{{stale}}']) assert.ok(template.includes(field), template);
  });
});
