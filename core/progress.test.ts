import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeProgress, formatProgress, overallProgress, ownerProgress, withPercent, type ProgressItem } from './progress.js';

const items: ProgressItem[] = [
  { id: 'ch1', parent: null, status: 'in_progress' },
  { id: 'a', parent: 'ch1', status: 'published' },
  { id: 'a1', parent: 'a', status: 'published' },
  { id: 'a2', parent: 'a', status: 'in_progress' },
  { id: 'a3', parent: 'a', status: 'archived' },
  { id: 'b', parent: 'ch1', status: 'review' },
  { id: 'ch2', parent: null, status: 'published' },
  { id: 'ch3', parent: null, status: 'archived' },
  { id: 'c', parent: 'ch3', status: 'published' },
];

test('per-section progress counts leaves of the subtree', () => {
  const progress = computeProgress(items);
  assert.deepEqual(progress.get('ch1'), { published: 1, total: 3 });
  assert.deepEqual(progress.get('a'), { published: 1, total: 2 });
  assert.deepEqual(progress.get('a1'), { published: 1, total: 1 });
  assert.deepEqual(progress.get('a2'), { published: 0, total: 1 });
  assert.deepEqual(progress.get('a3'), { published: 0, total: 0 });
  assert.deepEqual(progress.get('b'), { published: 0, total: 1 });
  assert.deepEqual(progress.get('ch2'), { published: 1, total: 1 });
  // An archived parent is not a leaf, so its own status does not matter.
  assert.deepEqual(progress.get('ch3'), { published: 1, total: 1 });
  assert.equal(progress.size, items.length);
});

test('input order does not matter', () => {
  const reversed = computeProgress([...items].reverse());
  assert.deepEqual(reversed.get('ch1'), { published: 1, total: 3 });
});

test('a deep chain of 10,000 sections is handled without recursion', () => {
  const chain: ProgressItem[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `n${i}`,
    parent: i === 0 ? null : `n${i - 1}`,
    status: 'published',
  }));
  assert.deepEqual(computeProgress(chain).get('n0'), { published: 1, total: 1 });
});

test('cycles and orphans do not hang', () => {
  const odd: ProgressItem[] = [
    { id: 'x', parent: 'y', status: 'published' },
    { id: 'y', parent: 'x', status: 'published' },
    { id: 'o', parent: 'missing', status: 'published' },
  ];
  const progress = computeProgress(odd);
  assert.deepEqual(progress.get('o'), { published: 1, total: 1 });
  assert.deepEqual(progress.get('x'), { published: 0, total: 0 });
});

test('overall progress and formatting', () => {
  assert.deepEqual(overallProgress(items), { published: 3, total: 5, percent: 60 });
  assert.deepEqual(overallProgress([]), { published: 0, total: 0, percent: 0 });
  assert.equal(formatProgress({ published: 9, total: 15, percent: 60 }), '9/15 (60%)');
  assert.deepEqual(withPercent({ published: 1, total: 3 }), { published: 1, total: 3, percent: 33 });
  assert.deepEqual(withPercent({ published: 2, total: 3 }), { published: 2, total: 3, percent: 67 });
});

test('a person’s figure counts every non-archived section they own, parents included, published as done', () => {
  const owned = ownerProgress([
    { owner: 'u1', status: 'published' },
    { owner: 'u1', status: 'in_progress' },
    { owner: 'u1', status: 'archived' },
    { owner: 'u2', status: 'archived' },
    { owner: null, status: 'review' },
  ]);
  assert.deepEqual(owned.get('u1'), { published: 1, total: 2, percent: 50, open: 1, review: 0, overdue: 0, stale: 0 });
  assert.deepEqual(owned.get('u2'), { published: 0, total: 0, percent: 0, open: 0, review: 0, overdue: 0, stale: 0 }, 'only archived sections: listed, nothing to do');
  assert.deepEqual(owned.get(null), { published: 0, total: 1, percent: 0, open: 1, review: 1, overdue: 0, stale: 0 });
  assert.equal(owned.size, 3);
});
