import { createSectionsInBulk } from '../content/create-sections.js';
import { generateTree, generatedToNew } from '../tests/support/generated-tree.js';
import { startTestCms } from '../tests/support/test-cms.js';
import type { TestDbKind } from '../tests/support/test-database.js';
import { percentile, writeBenchResult } from './lib/results.js';

// Status-board queries through the API at 10,000 sections (DESIGN.md: p95 under 50 ms on SQLite
// and PostgreSQL): what the CTO's bookmarks and the board's filters ask for, as the CTO (so the
// permission rules are evaluated), with Directus's response cache off so every answer is computed.

const SECTIONS = 10_000;
const ROUNDS = 40;
const TARGET_MS = 50;
const FIELDS = 'fields=id,code,title,status,owner,due_date,date_updated';

interface Run {
  db: TestDbKind;
  p95Ms: number;
  p50Ms: number;
  perQuery: Record<string, number>;
  loadMs: number;
}

async function measure(db: TestDbKind): Promise<Run> {
  const cms = await startTestCms({ db, settings: { CACHE_ENABLED: 'false' } });
  try {
    const owners = await Promise.all(['Айгерим', 'Данияр', 'Ерлан'].map((name, i) => cms.createUser(i === 0 ? 'cto' : 'student', `${name} Тестов`)));
    const loadStarted = performance.now();
    await createSectionsInBulk(cms.admin, generatedToNew(generateTree({ sections: SECTIONS, seed: 3, bodyBytes: 2000 }), owners.map((o) => o.id)));
    const loadMs = Math.round(performance.now() - loadStarted);
    const cto = owners[0]?.token ?? '';
    const queries: Record<string, string> = {
      'review queue': `${FIELDS}&filter[status][_eq]=review&sort=date_updated&limit=100`,
      'by owner': `${FIELDS}&filter[owner][_eq]=${owners[1]?.id}&sort=code&limit=100`,
      'by chapter and status': `${FIELDS}&filter[code][_starts_with]=03.&filter[status][_eq]=in_progress&sort=code&limit=100`,
      'overdue': `${FIELDS}&filter[due_date][_lt]=$NOW&filter[status][_nin]=published,archived&sort=due_date&limit=100`,
      'counts by status': 'aggregate[count]=id&groupBy[]=status',
    };
    const timings: number[] = [];
    const perQuery: Record<string, number> = {};
    for (const [name, query] of Object.entries(queries)) {
      const times: number[] = [];
      for (let round = -3; round < ROUNDS; round++) {
        const started = performance.now();
        const response = await fetch(`${cms.url}/items/sections?${query}`, { headers: { authorization: `Bearer ${cto}` } });
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
        if (round >= 0) times.push(performance.now() - started);
      }
      perQuery[name] = Math.round(percentile(times, 95) * 10) / 10;
      timings.push(...times);
    }
    return { db, p95Ms: Math.round(percentile(timings, 95) * 10) / 10, p50Ms: Math.round(percentile(timings, 50) * 10) / 10, perQuery, loadMs };
  } finally {
    await cms.destroy();
  }
}

const runs: Run[] = [];
for (const db of ['sqlite', 'postgres'] as const) {
  runs.push(await measure(db));
  console.log(`  ${db}: p95 ${runs.at(-1)?.p95Ms} ms`);
}
const names = Object.keys(runs[0]?.perQuery ?? {});
const text = await writeBenchResult({
  name: 'status-board-query',
  title: `Status-board queries through the API at ${SECTIONS} sections`,
  table: [['database', 'p50 (ms)', 'p95 (ms)', ...names.map((n) => `${n} p95`)], ...runs.map((r) => [r.db, r.p50Ms, r.p95Ms, ...names.map((n) => r.perQuery[n] ?? '')])],
  targets: runs.map((r) => ({ target: `${r.db}: p95 < ${TARGET_MS} ms`, measured: `${r.p95Ms} ms`, met: r.p95Ms < TARGET_MS })),
  data: runs,
  notes: [`${ROUNDS} timed rounds per query after 3 warm-up rounds, as the CTO, response cache off.`, `Loading ${SECTIONS} sections through the API took ${runs.map((r) => `${r.db} ${r.loadMs} ms`).join(', ')}.`],
});
console.log(text);
