import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashesInARow, DEFAULT_BACKOFF, restartDelayMs, type BackoffPolicy } from './restart-backoff.js';

const policy: BackoffPolicy = { initialMs: 1_000, factor: 2, maxMs: 30_000, stableMs: 60_000 };

test('crashes in a row double the wait up to the ceiling', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelayMs(n, policy)), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
});

test('a run that lasted stableMs was healthy: the next crash waits the short time again', () => {
  let crashes = 0;
  for (const ranMs of [500, 800, 1_200, 3_000]) crashes = crashesInARow(crashes, ranMs, policy);
  assert.equal(crashes, 4);
  assert.equal(restartDelayMs(crashes, policy), 8_000);
  crashes = crashesInARow(crashes, 60_000, policy);
  assert.equal(crashes, 1);
  assert.equal(restartDelayMs(crashes, policy), 1_000);
});

test('the default restarts within a second after a healthy run and never waits more than a minute', () => {
  assert.equal(restartDelayMs(1, DEFAULT_BACKOFF), 1_000);
  assert.equal(restartDelayMs(100, DEFAULT_BACKOFF), 60_000);
  assert.ok(DEFAULT_BACKOFF.stableMs > DEFAULT_BACKOFF.maxMs, 'a restart that waited the longest still has to prove itself');
});
