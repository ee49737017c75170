import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';
import { importSources } from '../../content/import/sources.js';
import { exportTree } from '../../content/export/tree.js';
import { createSectionsInBulk } from '../../content/create-sections.js';
import { generateTree, generatedToNew } from '../support/generated-tree.js';
import { SECTION_STATUSES } from '../../core/status.js';

/**
 * Import of an export reproduces every section field for field: instance A is exported, the
 * folder imported into a fresh instance B, and B compared with A (and B's export with A's).
 */

const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');
const FIELDS = ['id', 'code', 'title', 'status', 'owner', 'summary', 'slug', 'due_date', 'previous_codes', 'previous_paths', 'source', 'body', 'parent'] as const;

let a: TestCms;
let b: TestCms;
let tmp: string;
before(async () => {
  [a, b] = await Promise.all([startTestCms(), startTestCms()]);
  tmp = await mkdtemp(join(tmpdir(), 'kb-round-trip-'));
});
after(async () => {
  await Promise.all([a?.destroy(), b?.destroy()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

type Row = Record<(typeof FIELDS)[number], unknown>;

/** Every field the export carries, owners as e-mails (user ids differ between instances). */
async function fieldsOf(cms: TestCms): Promise<Map<string, Row>> {
  const users = await cms.api('GET', '/users?limit=-1&fields=id,email');
  const email = new Map((users.body.data as { id: string; email: string }[]).map((u) => [u.id, u.email]));
  const response = await cms.api('GET', `/items/sections?limit=-1&sort=code&fields=${FIELDS.join(',')}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return new Map(
    (response.body.data as Row[]).map((row) => [
      row.code as string,
      { ...row, owner: row.owner ? (email.get(row.owner as string) ?? row.owner) : null, body: row.body === '' ? null : row.body,
        // No old paths is the same as none recorded yet (the export writes both as []).
        previous_paths: row.previous_paths ?? [] },
    ]),
  );
}

async function digest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (prefix: string): Promise<void> => {
    for (const entry of (await readdir(join(dir, prefix), { withFileTypes: true })).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else hash.update(`${path}\0${await readFile(join(dir, path))}\0`);
    }
  };
  await walk('');
  return hash.digest('hex');
}

async function clear(cms: TestCms): Promise<void> {
  const ids = (await cms.api('GET', '/items/sections?limit=-1&fields=id,code&sort=-code')).body.data as { id: string; code: string }[];
  // Deepest first: a section with children cannot be deleted.
  for (let depth = 4; depth >= 1; depth--) {
    const level = ids.filter((s) => s.code.split('.').length === depth).map((s) => s.id);
    if (level.length > 0) assert.equal((await cms.api('DELETE', '/items/sections', { body: level })).status, 204);
  }
}

describe('round trip: export → import into a fresh instance', () => {
  test('the seed: every section field for field, and the second export is byte for byte the first', async () => {
    await importSources([{ path: SEED, label: 'seed.md' }], { client: a.admin, progress: null });
    const fromA = join(tmp, 'seed-a');
    const exported = await exportTree({ client: a.admin, dir: fromA });
    assert.equal(exported.sections, 189);
    const imported = await importSources([{ path: fromA, label: 'seed-a' }], { client: b.admin, progress: null });
    assert.deepEqual(imported.plan.counts, { create: 189, update: 0, unchanged: 0, conflict: 0 });
    const want = await fieldsOf(a);
    const got = await fieldsOf(b);
    assert.deepEqual([...got.keys()], [...want.keys()]);
    for (const [code, row] of want) assert.deepEqual(got.get(code), row, code);

    const fromB = join(tmp, 'seed-b');
    await exportTree({ client: b.admin, dir: fromB });
    assert.equal(await digest(fromB), await digest(fromA));
    await Promise.all([clear(a), clear(b)]);
  });

  test('a generated tree of 1,200 sections: every status, 4 levels, Cyrillic, code blocks, tables, links, owners, due dates', async () => {
    const owners = ['Айгерим Сапарова', 'Данияр Омаров', 'Алиса Иванова'];
    const inA = await Promise.all(owners.map((name) => a.createUser('student', name)));
    // The same people exist in B: owners travel as e-mails.
    for (const [i, user] of inA.entries()) {
      const [first_name, last_name] = (owners[i] as string).split(' ');
      const created = await b.api('POST', '/users', { body: { email: user.email, first_name, last_name, role: null, status: 'active' } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
    }
    const tree = generateTree({ sections: 1200, seed: 42, owners: owners.length });
    await createSectionsInBulk(a.admin, generatedToNew(tree, inA.map((u) => u.id)));
    // Fields the generator does not vary: previous codes after a move, and a source.
    const moved = tree.find((s) => s.code === '03.02.01' ) as (typeof tree)[number];
    const move = await a.api('PATCH', `/items/sections/${moved.id}`, { body: { code: '03.02.09', source: './old/03-02-01.md' } });
    assert.equal(move.status, 200, JSON.stringify(move.body));

    const want = await fieldsOf(a);
    assert.equal(want.size, 1200);
    assert.deepEqual(new Set([...want.values()].map((r) => r.status)), new Set(SECTION_STATUSES));
    assert.ok([...want.keys()].some((code) => code.split('.').length === 4));
    assert.ok([...want.values()].some((r) => String(r.body ?? '').includes('```ts') && String(r.body).includes('| Параметр |') && String(r.body).includes('](/c/')));
    assert.deepEqual(want.get('03.02.09')?.previous_codes, ['03.02.01']);
    assert.match(String((want.get('03.02.09')?.previous_paths as string[] | null)?.[0]), /^\/03-[^/]+\/03-02-[^/]+\/03-02-01-[^/]+\/$/, 'and the page path it had');

    const fromA = join(tmp, 'generated-a');
    await exportTree({ client: a.admin, dir: fromA });
    const again = join(tmp, 'generated-a2');
    await exportTree({ client: a.admin, dir: again });
    assert.equal(await digest(again), await digest(fromA), 'export twice: identical bytes');

    const imported = await importSources([{ path: fromA, label: 'generated-a' }], { client: b.admin, progress: null });
    assert.deepEqual(imported.plan.counts, { create: 1200, update: 0, unchanged: 0, conflict: 0 });
    const got = await fieldsOf(b);
    assert.deepEqual([...got.keys()], [...want.keys()]);
    for (const [code, row] of want) assert.deepEqual(got.get(code), row, code);

    const fromB = join(tmp, 'generated-b');
    await exportTree({ client: b.admin, dir: fromB });
    assert.equal(await digest(fromB), await digest(fromA), "B's export is byte for byte A's");

    const second = await importSources([{ path: fromA, label: 'generated-a' }], { client: b.admin, progress: null });
    assert.equal(second.plan.counts.unchanged, 1200, 'and importing it again changes nothing');
  });
});
