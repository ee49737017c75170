import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseTree, formatDiagnosis, type DoctorSection, type TreeDiagnosis } from './tree-doctor.js';
import { codeDepth, parentCodeOf } from './section-code.js';

const s = (id: string, parent: string | null, code: string | null, previous: string[] = []): DoctorSection => ({
  id,
  parent,
  code,
  title: `Раздел ${id}`,
  previous_codes: previous,
});

// Chapter 03 Development with a few sections, the shape of the seed's 03.
const sound = (): DoctorSection[] => [
  s('c03', null, '03'),
  s('s0301', 'c03', '03.01'),
  s('s0308', 'c03', '03.08'),
  s('s030801', 's0308', '03.08.01'),
  s('s0309', 'c03', '03.09'),
  s('s030901', 's0309', '03.09.01'),
  s('c04', null, '04'),
];

/** What the tree looks like after the repairs: the invariants every build relies on. */
function repaired(sections: DoctorSection[], diagnosis: TreeDiagnosis): DoctorSection[] {
  const after = sections.map((x) => ({ ...x }));
  for (const r of diagnosis.repairs) Object.assign(after.find((x) => x.id === r.id) as DoctorSection, r.to);
  const byId = new Map(after.map((x) => [x.id, x]));
  const codes = new Set<string>();
  for (const x of after) {
    assert.ok(x.code, `${x.id} has a code`);
    assert.ok(!codes.has(x.code), `${x.code} is used once`);
    codes.add(x.code);
    assert.ok(codeDepth(x.code) <= 4, `${x.code} is at most 4 levels`);
    const parent = x.parent === null ? null : byId.get(x.parent);
    assert.notEqual(parent, undefined, `${x.id}'s parent exists`);
    assert.equal(parentCodeOf(x.code), parent?.code ?? null, `${x.code} lies directly under its parent's code`);
  }
  assert.deepEqual(diagnoseTree(after), { problems: [], repairs: [] }, 'a second run finds nothing');
  return after;
}

test('a sound tree has no problems and no repairs', () => {
  const diagnosis = diagnoseTree(sound());
  assert.deepEqual(diagnosis, { problems: [], repairs: [] });
  assert.match(formatDiagnosis(diagnosis, sound()).join('\n'), /в порядке/);
});

test('the 2-cycle two raced moves leave is cut where it was before the race', () => {
  // PATCH 03.08 {parent: 03.09} and PATCH 03.09 {parent: 03.08} both written: each got a code under
  // the other's old code.
  const tree = sound().map((x) =>
    x.id === 's0308' ? s('s0308', 's0309', '03.09.02', ['03.08']) : x.id === 's0309' ? s('s0309', 's0308', '03.08.02', ['03.09']) : x,
  );
  tree.find((x) => x.id === 's030801')!.code = '03.09.02.01';
  tree.find((x) => x.id === 's030901')!.code = '03.08.02.01';
  const diagnosis = diagnoseTree(tree);
  const cycle = diagnosis.problems.find((p) => p.kind === 'cycle');
  assert.ok(cycle && cycle.kind === 'cycle');
  assert.deepEqual([...cycle.ids].sort(), ['s0308', 's0309']);
  const after = repaired(tree, diagnosis);
  const byId = new Map(after.map((x) => [x.id, x]));
  // 03.08.02 sorts first, so 03.09 is cut and goes back to 03 under its old code; 03.08 stays under it.
  assert.deepEqual({ parent: byId.get('s0309')?.parent, code: byId.get('s0309')?.code }, { parent: 'c03', code: '03.09' });
  assert.deepEqual({ parent: byId.get('s0308')?.parent, code: byId.get('s0308')?.code }, { parent: 's0309', code: '03.09.02' });
  assert.equal(byId.get('s030801')?.code, '03.09.02.01');
  assert.equal(byId.get('s030901')?.code, '03.09.01', 'its child follows it home');
  assert.equal(diagnosis.repairs[0]?.id, 's0309', 'the cut comes first: the rest is placed under it');
  const text = formatDiagnosis(diagnosis, tree).join('\n');
  assert.match(text, /цикл \(cycle\): /);
  assert.match(text, /03\.08\.02 → 03\.09 «Раздел s0309», родитель \(parent\) 03\.09\.02 → 03/);
});

test('a 3-cycle is cut once and every member ends up under a real chapter', () => {
  const tree = [
    s('c03', null, '03'),
    s('a', 'c', '03.01.01.01', ['03.01']),
    s('b', 'a', '03.01.01.01.01'),
    s('c', 'b', '03.01.01', ['03.02']),
  ];
  const diagnosis = diagnoseTree(tree);
  assert.equal(diagnosis.problems.filter((p) => p.kind === 'cycle').length, 1);
  const after = repaired(tree, diagnosis);
  assert.ok(after.every((x) => x.id === 'c03' || x.parent !== null), 'the cut member went back under 03, not to the top');
});

test('a section whose parent is gone goes under the section its code names, or becomes a chapter', () => {
  const tree = [...sound(), s('lost', 'deleted-id', '03.09.05'), s('lost2', 'deleted-id', '07.02')];
  const diagnosis = diagnoseTree(tree);
  assert.deepEqual(
    diagnosis.problems.filter((p) => p.kind === 'orphan').map((p) => p.kind === 'orphan' && p.id),
    ['lost', 'lost2'],
  );
  const after = repaired(tree, diagnosis);
  assert.equal(after.find((x) => x.id === 'lost')?.parent, 's0309');
  assert.equal(after.find((x) => x.id === 'lost')?.code, '03.09.05', 'its code was already right for that parent');
  assert.equal(after.find((x) => x.id === 'lost2')?.parent, null);
  assert.equal(after.find((x) => x.id === 'lost2')?.code, '02', 'a chapter keeps its number when it is free');
});

test('a code used twice: the first keeps it, the second gets the next free number', () => {
  const tree = [...sound(), s('dup', 'c03', '03.08')];
  const diagnosis = diagnoseTree(tree);
  assert.deepEqual(diagnosis.problems, [{ kind: 'duplicate-code', id: 'dup', code: '03.08', heldBy: 's0308' }]);
  assert.deepEqual(diagnosis.repairs.map((r) => [r.id, r.to.code]), [['dup', '03.10']]);
  repaired(tree, diagnosis);
});

test('codes outside their parent: the section keeps its number under its real parent, its subtree follows', () => {
  const tree = [...sound(), s('m', 's0301', '04.07'), s('m1', 'm', '04.07.01'), s('ch', null, '03.05')];
  const diagnosis = diagnoseTree(tree);
  assert.deepEqual(
    diagnosis.problems.map((p) => [p.kind, 'id' in p ? p.id : '']),
    [
      ['misplaced-code', 'ch'],
      ['misplaced-code', 'm'],
      ['misplaced-code', 'm1'],
    ],
  );
  const after = repaired(tree, diagnosis);
  assert.equal(after.find((x) => x.id === 'm')?.code, '03.01.07');
  assert.equal(after.find((x) => x.id === 'm1')?.code, '03.01.07.01');
  assert.equal(after.find((x) => x.id === 'ch')?.code, '05', 'a chapter with a two-level code gets a chapter code');
});

test('deeper than four levels: the fifth level moves up beside its parent', () => {
  const tree = [
    ...sound(),
    s('l3', 's030801', '03.08.01.01'),
    s('l4', 'l3', '03.08.01.01.01'),
    s('l5', 'l4', '03.08.01.01.01.01'),
  ];
  const diagnosis = diagnoseTree(tree);
  assert.deepEqual(diagnosis.problems.filter((p) => p.kind === 'too-deep').map((p) => 'id' in p && p.id), ['l4', 'l5']);
  const after = repaired(tree, diagnosis);
  assert.deepEqual(after.filter((x) => ['l4', 'l5'].includes(x.id)).map((x) => [x.parent, x.code]), [
    ['s030801', '03.08.01.02'],
    ['s030801', '03.08.01.03'],
  ]);
});
