import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkToFit } from './apply.js';

test('batches hold at most the count and stay within the bytes; an item alone is always sent', () => {
  const sizes = [400, 400, 400, 100, 100, 900, 50];
  const chunks = chunkToFit(sizes, 3, 1_000, (size) => size);
  assert.deepEqual(chunks, [[400, 400], [400, 100, 100], [900, 50]]);
  assert.deepEqual(chunkToFit([1, 1, 1, 1, 1], 2, 1_000, () => 1), [[1, 1], [1, 1], [1]]);
  assert.deepEqual(chunkToFit([5_000], 100, 1_000, (size) => size), [[5_000]], 'too large alone: the plan refuses it before (payload-fit.ts)');
});
