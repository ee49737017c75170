import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, findOrphans, wouldCreateCycle, type TreeItem } from './tree.js';

interface Item extends TreeItem {
  title: string;
}

const item = (id: string, parent: string | null, code: string | null): Item => ({ id, parent, code, title: `t-${id}` });

// Deliberately out of order so sorting is exercised.
const items: Item[] = [
  item('c2', null, '02'),
  item('s210', 'c2', '02.10'),
  item('s202', 'c2', '02.02'),
  item('c1', null, '01'),
  item('s209', 'c2', '02.09'),
  item('new', 'c2', null),
  item('s20201', 's202', '02.02.01'),
  item('s2020101', 's20201', '02.02.01.01'),
  item('lost', 'gone', '07.01'),
];

test('roots and children are ordered by code, uncoded last', () => {
  const tree = buildTree(items);
  assert.deepEqual(tree.roots.map((i) => i.id), ['c1', 'c2']);
  assert.deepEqual(tree.childrenOf('c2').map((i) => i.id), ['s202', 's209', 's210', 'new']);
  assert.deepEqual(tree.childrenOf('c1'), []);
  assert.deepEqual(tree.childrenOf('missing'), []);
  assert.equal(tree.byId.get('s202')?.title, 't-s202');
});

test('ancestors root first, descendants depth first', () => {
  const tree = buildTree(items);
  assert.deepEqual(tree.ancestorsOf('s2020101').map((i) => i.id), ['c2', 's202', 's20201']);
  assert.deepEqual(tree.ancestorsOf('c2'), []);
  assert.deepEqual(tree.descendantsOf('c2').map((i) => i.id), ['s202', 's20201', 's2020101', 's209', 's210', 'new']);
  assert.deepEqual(tree.descendantsOf('s2020101'), []);
});

test('orphans are kept out of roots and reported', () => {
  const tree = buildTree(items);
  assert.deepEqual(tree.orphans.map((i) => i.id), ['lost']);
  assert.deepEqual(findOrphans(items).map((i) => i.id), ['lost']);
  assert.deepEqual(findOrphans(items.filter((i) => i.id !== 'lost')), []);
});

test('walks terminate on a stored cycle', () => {
  const cyclic = [item('a', 'b', '01'), item('b', 'a', '01.01'), item('x', null, '02')];
  const tree = buildTree(cyclic);
  assert.deepEqual(tree.roots.map((i) => i.id), ['x']);
  assert.deepEqual(tree.ancestorsOf('a').map((i) => i.id), ['b']);
  assert.deepEqual(tree.descendantsOf('a').map((i) => i.id), ['b']);
});

test('duplicate ids are refused', () => {
  assert.throws(() => buildTree([item('a', null, '01'), item('a', null, '02')]), /occurs twice/);
});

test('wouldCreateCycle', () => {
  assert.equal(wouldCreateCycle(items, 's202', 's202'), true);
  assert.equal(wouldCreateCycle(items, 's202', 's2020101'), true);
  assert.equal(wouldCreateCycle(items, 'c2', 's20201'), true);
  assert.equal(wouldCreateCycle(items, 's20201', 'c1'), false);
  assert.equal(wouldCreateCycle(items, 's2020101', 's210'), false);
  assert.equal(wouldCreateCycle(items, 's202', null), false);
  assert.equal(wouldCreateCycle(items, 's202', 'gone'), false);
  const cyclic = [item('a', 'b', null), item('b', 'a', null), item('x', null, null)];
  assert.equal(wouldCreateCycle(cyclic, 'x', 'a'), false);
});
