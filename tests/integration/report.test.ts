import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';
import { importSources } from '../../content/import/sources.js';
import { loadStatusReport } from '../../content/report/data.js';
import { openDirectusDatabase } from '../../platform/directus-db.js';
import { OVERALL_PROGRESS_ID } from '../../core/fixed-ids.js';
import type { StatusReport } from '../../core/status-report.js';

const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');
const DAY = 24 * 60 * 60 * 1000;

let cms: TestCms;
let alice: TestUser;
let boris: TestUser;
let sections: Map<string, StoredSection>;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function patch(code: string, body: Record<string, unknown>, token?: string): Promise<void> {
  const response = await cms.api('PATCH', `/items/sections/${sections.get(code)?.id}`, { body, ...(token ? { token } : {}) });
  assert.ok(response.status === 200 || response.status === 409, JSON.stringify(response.body));
}

before(async () => {
  cms = await startTestCms();
  alice = await cms.createUser('student', 'Алиса Иванова');
  boris = await cms.createUser('student', 'Борис Петров');
  await importSources([{ path: SEED, label: 'seed.md' }], { client: cms.admin, progress: null });
  const list = (await cms.api('GET', '/items/sections?limit=-1&fields=*')).body.data as StoredSection[];
  sections = new Map(list.map((s) => [s.code, s]));

  for (const code of ['02.01.01', '02.01.02', '02.01.03']) await patch(code, { owner: alice.id });
  await patch('02.01.01', { status: 'review' });
  await patch('02.01.02', { due_date: daysAgo(3) });
  await patch('02.01.03', { due_date: today });
  await patch('02.02.01', { owner: boris.id, due_date: daysAgo(10) }); // published: never overdue
  await patch('03.01.01', { owner: boris.id, status: 'archived' });
  await patch('03.01.02', { owner: boris.id, status: 'planned', due_date: daysAgo(1) });
  // Alice's own published page: her edit waits in a content version for the CTO.
  await patch('02.02.02', { owner: alice.id });
  await patch('02.02.02', { body: 'Предложенная правка' }, alice.token);

  // Stale means not updated for 30 days: set in the database, as time would.
  const db = openDirectusDatabase(cms.settings);
  try {
    for (const [code, days] of [['01.01.01', 45], ['01.01.02', 31], ['02.02.03', 90]] as const) {
      await db('sections').where({ id: sections.get(code)?.id }).update({ date_updated: new Date(Date.now() - days * DAY) });
    }
  } finally {
    await db.destroy();
  }
  await cms.api('POST', '/utils/cache/clear');
});
after(async () => {
  await cms?.destroy();
});

interface ProgressRow {
  id: string;
  kind: string;
  code: string | null;
  level: number;
  published: number;
  total: number;
  percent: number;
}

/** The hook's own figures (the dashboard's), once its debounced recomputation has settled. */
async function dashboardFigures(expectedOwners: number): Promise<ProgressRow[]> {
  for (let i = 0; ; i++) {
    const rows = (await cms.api('GET', '/items/section_progress?limit=-1&fields=*')).body.data as ProgressRow[];
    if (rows.filter((r) => r.kind === 'owner').length >= expectedOwners || i > 50) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('status report', () => {
  let report: StatusReport;
  before(async () => {
    report = await loadStatusReport({ client: cms.admin, timeZone: 'UTC' });
  });

  test('overall, per chapter and per owner it agrees with the dashboard the hook keeps', async () => {
    const rows = await dashboardFigures(3);
    const overall = rows.find((r) => r.id === OVERALL_PROGRESS_ID);
    assert.deepEqual(report.overall, { published: overall?.published, total: overall?.total, percent: overall?.percent });
    // Counted here by hand from the stored rows: leaves are sections nobody names as parent.
    const stored = (await cms.api('GET', '/items/sections?limit=-1&fields=id,parent,status')).body.data as StoredSection[];
    const parents = new Set(stored.map((s) => s.parent));
    const leaves = stored.filter((s) => !parents.has(s.id) && s.status !== 'archived');
    const published = leaves.filter((s) => s.status === 'published').length;
    assert.deepEqual(report.overall, { published, total: leaves.length, percent: Math.round((published * 100) / leaves.length) });
    assert.deepEqual(report.overall, { published: 55, total: 144, percent: 38 }, 'the seed\'s leaves, one archived');
    const chapters = rows.filter((r) => r.kind === 'section' && r.level === 1).sort((x, y) => String(x.code).localeCompare(String(y.code)));
    assert.deepEqual(
      report.chapters.map((c) => [c.code, c.published, c.total, c.percent]),
      chapters.map((c) => [c.code, c.published, c.total, c.percent]),
    );
    const owners = rows.filter((r) => r.kind === 'owner');
    for (const user of [alice, boris]) {
      const mine = report.owners.find((o) => o.id === user.id);
      const theirs = owners.find((o) => o.id === user.id);
      assert.deepEqual(mine && [mine.published, mine.total], theirs && [theirs.published, theirs.total], user.email);
    }
    const aliceRow = report.owners.find((o) => o.id === alice.id);
    assert.equal(aliceRow?.name, 'Алиса Иванова');
    assert.deepEqual(aliceRow && [aliceRow.byStatus.review, aliceRow.byStatus.in_progress, aliceRow.byStatus.published, aliceRow.overdue], [1, 2, 1, 1]);
    const borisRow = report.owners.find((o) => o.id === boris.id);
    assert.deepEqual(borisRow && [borisRow.byStatus.archived, borisRow.byStatus.planned, borisRow.total], [1, 1, 2]);
  });

  test('the review queue: sections in review and the pending edit of a published page', () => {
    assert.deepEqual(
      report.reviewQueue.map((r) => [r.kind, r.code, r.owner, r.proposal]),
      [
        ['section', '02.01.01', 'Алиса Иванова', null],
        ['version', '02.02.02', 'Алиса Иванова', 'Правка: Алиса Иванова'],
      ],
    );
  });

  test('overdue: past due and not published or archived', () => {
    assert.deepEqual(report.overdue.map((o) => [o.code, o.daysOverdue, o.owner]), [['02.01.02', 3, 'Алиса Иванова'], ['03.01.02', 1, 'Борис Петров']]);
  });

  test('stale: not updated for 30 days, published and archived ones aside', () => {
    assert.deepEqual(report.stale.map((s) => [s.code, s.daysSince]), [['01.01.01', 45], ['01.01.02', 31]], '02.02.03 is published');
  });

  test('npm run report prints the table, and the same figures as JSON with --json', async () => {
    const run = (args: string[]) => runCli(cms, 'scripts/report.ts', args);
    const table = await run(['--tz', 'UTC']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Готовность документации: 55\/144 \(38%\)/);
    assert.match(table.stdout, /\n02\s+Infrastructure\s+\d+\/\d+ \(\d+%\)/);
    assert.match(table.stdout, /\nАлиса Иванова\s+1\/4 \(25%\)/);
    assert.match(table.stdout, /Очередь проверки \(2\)\n {2}02\.01\.01 /);
    assert.match(table.stdout, /Просрочены \(2\)\n {2}02\.01\.02 .*просрочен на 3 дн\./);
    assert.match(table.stdout, /Давно не обновлялись, больше 30 дн\. \(2\)\n {2}01\.01\.01 .*без правок 45 дн\./);

    const json = await run(['--json', '--tz', 'UTC']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as StatusReport;
    assert.deepEqual(parsed.overall, report.overall);
    assert.deepEqual(parsed.chapters, report.chapters);
    assert.deepEqual(parsed.overdue, report.overdue);

    const bad = await run(['--tz', 'Mars/Olympus']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /tz: an IANA time zone/);
  });
});
