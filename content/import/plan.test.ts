import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlan, importHash, incomingValues, planImport, planWrites, type CurrentSection, type IncomingSection } from './plan.js';

const parentOf = (code: string) => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);

function incoming(code: string, title: string, extra: Partial<IncomingSection> = {}): IncomingSection {
  return { code, title, status: 'in_progress', body: '', source: null, parentCode: parentOf(code), file: '', line: 0, ...extra };
}

/** Stores `sections` as an import would have left them: ids `id-<code>`, hashes of their fields. */
function stored(sections: IncomingSection[], tweak: (s: CurrentSection) => Partial<CurrentSection> = () => ({})): CurrentSection[] {
  return sections.map((s) => {
    const row: CurrentSection = {
      id: `id-${s.code}`,
      code: s.code,
      title: s.title,
      status: s.status,
      body: s.body === '' ? null : s.body,
      parent: s.parentCode ? `id-${s.parentCode}` : null,
      source: s.source,
      import_hash: importHash(incomingValues(s)),
      date_updated: '2025-07-14T10:00:00.000Z',
      imported_at: '2025-07-14T10:00:00.000Z',
      owner: null,
      summary: null,
      slug: null,
      due_date: null,
      previous_codes: null,
      previous_paths: null,
      user_created: null,
    };
    return { ...row, ...tweak(row) };
  });
}

const seed = [
  incoming('01', 'Project Foundation'),
  incoming('01.01', 'Vision'),
  incoming('01.01.01', 'Бизнес-контекст'),
  incoming('02', 'Infrastructure'),
  incoming('02.02', 'Resources', { status: 'published', source: './02-infrastructure/02-02-resources/README.md' }),
  incoming('02.02.01', 'CPU', { status: 'published' }),
];

describe('planImport', () => {
  test('an empty database gets every section created, parents before children', () => {
    const shuffled = [seed[5], seed[2], seed[0], seed[4], seed[1], seed[3]] as IncomingSection[];
    const plan = planImport(shuffled, []);
    assert.deepEqual(plan.entries.map((e) => `${e.kind} ${e.code}`), seed.map((s) => `create ${s.code}`));
    assert.deepEqual(plan.counts, { create: 6, update: 0, unchanged: 0, conflict: 0 });
    assert.deepEqual(plan.problems, []);
    assert.ok(planWrites(plan));
  });

  test('what the last import wrote is unchanged, and a second run writes nothing', () => {
    const plan = planImport(seed, stored(seed));
    assert.deepEqual(plan.counts, { create: 0, update: 0, unchanged: 6, conflict: 0 });
    assert.equal(planWrites(plan), false);
  });

  test('a run stopped midway converges: what was written is unchanged, the rest is created', () => {
    const plan = planImport(seed, stored(seed.slice(0, 3)));
    assert.deepEqual(plan.entries.map((e) => `${e.kind} ${e.code}`), [
      'unchanged 01', 'unchanged 01.01', 'unchanged 01.01.01', 'create 02', 'create 02.02', 'create 02.02.01',
    ]);
  });

  test('a section the file changed and nobody edited is updated, naming the changed fields', () => {
    const changed = seed.map((s) => (s.code === '01.01' ? { ...s, title: 'Vision 2', status: 'review' as const, body: 'Текст' } : s));
    const plan = planImport(changed, stored(seed));
    const update = plan.entries.find((e) => e.code === '01.01');
    assert.equal(update?.kind, 'update');
    assert.deepEqual(update?.kind === 'update' && update.changed, ['title', 'status', 'body']);
    assert.equal(update?.kind === 'update' && update.forced, false);
    assert.deepEqual(plan.counts, { create: 0, update: 1, unchanged: 5, conflict: 0 });
  });

  test('an editor changed a section and the file differs: a conflict, an update only with force', () => {
    const current = stored(seed, (s) => (s.code === '02.02' ? { title: 'Ресурсы (правка)', date_updated: '2025-08-01T00:00:00.000Z' } : {}));
    const plan = planImport(seed, current);
    const conflict = plan.entries.find((e) => e.code === '02.02');
    assert.equal(conflict?.kind, 'conflict');
    assert.equal(conflict?.kind === 'conflict' && conflict.reason, 'edited');
    assert.deepEqual(conflict?.kind === 'conflict' && conflict.changed, ['title']);
    assert.equal(plan.counts.conflict, 1);

    const forced = planImport(seed, current, { force: true });
    const update = forced.entries.find((e) => e.code === '02.02');
    assert.equal(update?.kind, 'update');
    assert.equal(update?.kind === 'update' && update.forced, true);
    assert.equal(forced.counts.conflict, 0);
  });

  test('an editor changed a section the file did not change: it is neither overwritten nor a conflict', () => {
    const edited = stored(seed, (s) => (s.code === '01.01' ? { body: 'Текст редактора' } : {}));
    const plan = planImport(seed, edited);
    const entry = plan.entries.find((e) => e.code === '01.01');
    // The file's version differs from the stored text, but the stored hash says the editor made
    // the change; the import must not clobber it silently.
    assert.equal(entry?.kind, 'conflict');
  });

  test('an edit that matches the file again is unchanged and re-recorded as imported', () => {
    const newSeed = seed.map((s) => (s.code === '01.01' ? { ...s, title: 'Vision 2' } : s));
    const current = stored(seed, (s) => (s.code === '01.01' ? { title: 'Vision 2' } : {}));
    const plan = planImport(newSeed, current);
    const entry = plan.entries.find((e) => e.code === '01.01');
    assert.deepEqual(entry && { kind: entry.kind, retrack: entry.kind === 'unchanged' && entry.retrack }, { kind: 'unchanged', retrack: true });
    assert.ok(planWrites(plan), 'the new hash is written so the next change of the file is an update');
  });

  test('a section made by hand with the same code is a conflict of its own kind', () => {
    const current = stored(seed, (s) => (s.code === '01.01' ? { import_hash: null, title: 'Своё' } : {}));
    const entry = planImport(seed, current).entries.find((e) => e.code === '01.01');
    assert.equal(entry?.kind === 'conflict' && entry.reason, 'not-imported');
  });

  test('sections the file does not name are left alone', () => {
    const current = [...stored(seed), ...stored([incoming('09', 'Своя глава')], () => ({ import_hash: null }))];
    const plan = planImport(seed, current);
    assert.ok(!plan.entries.some((e) => e.code === '09'));
  });

  test('null and empty body or source count as the same', () => {
    const current = stored(seed, (s) => ({ body: '', source: s.source ?? '' }));
    assert.equal(planImport(seed, current).counts.unchanged, seed.length);
  });

  test('a parent that is neither in the file nor stored, a duplicate code and a wrong parent are problems', () => {
    const plan = planImport(
      [
        incoming('01', 'A', { line: 1 }),
        incoming('01', 'B', { line: 3 }),
        incoming('03.01', 'Orphan', { line: 5 }),
        incoming('01.02', 'Misplaced', { line: 7, parentCode: '02' }),
      ],
      [],
    );
    assert.deepEqual(plan.problems.map((p) => [p.line, p.code]), [[3, '01'], [5, '03.01'], [7, '01.02']]);
    assert.match(plan.problems[0]?.message ?? '', /Код 01 встречается дважды \(впервые в строке 1\)/);
    assert.match(plan.problems[1]?.message ?? '', /родительского раздела 03 нет ни в файле, ни в базе/);
    assert.match(plan.problems[2]?.message ?? '', /по коду его родитель 01/);
  });

  test('a parent stored in the database satisfies a new child', () => {
    const plan = planImport([incoming('01.02', 'New')], stored([seed[0] as IncomingSection]));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.counts, { create: 1, update: 0, unchanged: 0, conflict: 0 });
  });
});

describe('importHash', () => {
  test('is stable and changes with every imported field', () => {
    const base = incomingValues(seed[4] as IncomingSection);
    assert.equal(importHash(base), importHash({ ...base }));
    assert.match(importHash(base), /^[0-9a-f]{64}$/);
    const variants = [{ title: 'x' }, { status: 'review' as const }, { body: 'x' }, { source: null }, { parentCode: '01' }];
    for (const change of variants) assert.notEqual(importHash({ ...base, ...change }), importHash(base), JSON.stringify(change));
  });
});

describe('formatPlan', () => {
  test('shows the counts and every conflict by code', () => {
    const current = stored(seed, (s) => (s.code === '02.02' ? { title: 'Ресурсы (правка)' } : {}));
    const lines = formatPlan(planImport([...seed, incoming('02.02.02', 'RAM')], current), 'seed.md');
    assert.equal(lines[0], 'Import plan for seed.md (7 sections):');
    assert.ok(lines.includes('  create     1'));
    assert.ok(lines.includes('  conflict   1'));
    assert.ok(lines.some((l) => /^ {2}! 02\.02 «Ресурсы \(правка\)» → «Resources»: changed in Directus after its last import/.test(l)), lines.join('\n'));
  });
});

describe('planImport with sources that carry more than the seed', () => {
  const OWNER = 'owner-1';
  const extra = (code: string, extras: IncomingSection['extras'], more: Partial<IncomingSection> = {}) => ({ ...(seed.find((s) => s.code === code) as IncomingSection), extras, ...more });

  test('a seed-imported section stays unchanged when a source carries the same extras, and is not rewritten', () => {
    const current = stored(seed, () => ({ owner: OWNER, summary: null }));
    const plan = planImport([extra('01.01', { owner: OWNER, summary: null })], current);
    assert.deepEqual(plan.entries.map((e) => [e.kind, e.kind === 'unchanged' && e.retrack]), [['unchanged', false]]);
    assert.equal(planWrites(plan), false);
  });

  test('previous codes only accumulate: a source that lacks one does not drop it, a move adds the old code', () => {
    const current = stored(seed, (s) => (s.code === '01.01.01' ? { previous_codes: ['05.05'] } : {}));
    const same = planImport([extra('01.01.01', { previous_codes: [] })], current);
    assert.equal(same.entries[0]?.kind, 'unchanged');
    const moved = planImport([extra('01.01.01', { previous_codes: ['07.07'] }, { code: '01.01.06', id: 'id-01.01.01' })], current);
    const entry = moved.entries[0];
    assert.deepEqual(entry?.kind === 'update' && entry.incoming.extras?.previous_codes, ['05.05', '07.07', '01.01.01']);
  });

  test('the seed hash does not change for sources without extras', () => {
    const base = incomingValues(seed[1] as IncomingSection);
    assert.equal(importHash({ ...base, extras: {} }), importHash(base));
    assert.notEqual(importHash({ ...base, extras: { summary: null } }), importHash(base));
  });

  test('an extra the last import never wrote and an editor set is a conflict; one it wrote is updated', () => {
    const current = stored(seed, () => ({ owner: OWNER }));
    const conflict = planImport([extra('01.01', { owner: 'someone-else' })], current);
    assert.equal(conflict.entries[0]?.kind, 'conflict');
    assert.deepEqual(conflict.entries[0]?.kind === 'conflict' && conflict.entries[0].changed, ['owner']);

    const imported = [extra('01.01', { owner: OWNER, summary: 'Кратко' })];
    const afterImport = stored(seed, () => ({ owner: OWNER, summary: 'Кратко' })).map((row) =>
      row.code === '01.01' ? { ...row, import_hash: importHash(incomingValues(imported[0] as IncomingSection)) } : row,
    );
    const update = planImport([extra('01.01', { owner: 'someone-else', summary: 'Новое' })], afterImport);
    assert.equal(update.entries[0]?.kind, 'update');
    assert.deepEqual(update.entries[0]?.kind === 'update' && update.entries[0].changed, ['owner', 'summary']);
  });

  test('null and empty extras are the same; previous codes null and [] too', () => {
    const current = stored(seed, () => ({ summary: '', previous_codes: null, due_date: '2025-09-01T00:00:00' }));
    const plan = planImport([extra('01.01', { summary: null, previous_codes: [], due_date: '2025-09-01' })], current);
    assert.equal(plan.entries[0]?.kind, 'unchanged');
  });

  test('a source that carries the id finds the section by id, even under another code, and moves it', () => {
    const current = stored(seed);
    const moved = planImport([{ ...(seed[2] as IncomingSection), code: '01.01.05', id: 'id-01.01.01' }], current);
    assert.deepEqual(moved.entries.map((e) => [e.kind, e.code, e.kind === 'update' && e.changed]), [['update', '01.01.05', ['code']]]);
    const fresh = planImport([{ ...(seed[0] as IncomingSection), id: 'not-stored' }], []);
    assert.equal(fresh.entries[0]?.kind === 'create' && fresh.entries[0].incoming.id, 'not-stored');
  });

  test('a move onto a code another section holds, or of a section with children, is a problem', () => {
    const current = stored(seed);
    const onto = planImport([{ ...(seed[2] as IncomingSection), code: '01.01', parentCode: '01', id: 'id-01.01.01' }], current);
    assert.match(onto.problems[0]?.message ?? '', /этот код в базе у другого раздела «Vision»/);
    const parent = planImport([{ ...(seed[1] as IncomingSection), code: '01.05', id: 'id-01.01' }], current);
    assert.match(parent.problems[0]?.message ?? '', /с подразделами получил в источнике код 01\.05/);
  });

  test('a placeholder is created when nothing has its code and ignored when something has', () => {
    const weak = { ...(seed[0] as IncomingSection), title: 'Из имени папки', weak: true };
    assert.deepEqual(planImport([weak], []).entries.map((e) => e.kind), ['create']);
    assert.deepEqual(planImport([weak], stored(seed)).entries, []);
  });

  test('problems carry the file they were read from', () => {
    const plan = planImport([incoming('05.01', 'Сирота', { line: 4, file: 'tree/05-x/README.md' })], []);
    assert.deepEqual(plan.problems.map((p) => [p.file, p.line]), [['tree/05-x/README.md', 4]]);
    assert.ok(formatPlan(plan, 'tree').includes(`  tree/05-x/README.md:4: ${plan.problems[0]?.message}`));
  });
});
