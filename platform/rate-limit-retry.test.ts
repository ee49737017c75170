import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryAfterMs, retryingOnRateLimit } from './rate-limit-retry.js';

test('a 429 is waited out as Retry-After says, then the same request is sent again', async () => {
  const answers = [429, 429, 200];
  const sent: string[] = [];
  const waits: number[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push(`${init?.method} ${String(input)} ${String(init?.body)}`);
    const status = answers.shift() ?? 200;
    return new Response(status === 429 ? '{"errors":[]}' : '{"data":1}', { status, headers: status === 429 ? { 'Retry-After': sent.length === 1 ? '0' : '2' } : {} });
  }) as typeof fetch;
  const response = await retryingOnRateLimit(fetchStub, { sleep: async (ms) => void waits.push(ms) })('http://cms/items/sections', { method: 'POST', body: '[1]' });
  assert.equal(response.status, 200);
  assert.deepEqual(sent, Array(3).fill('POST http://cms/items/sections [1]'));
  assert.deepEqual(waits, [250, 2000]);
});

test('after the last attempt the 429 is the answer; other statuses are never retried', async () => {
  let calls = 0;
  const always = (status: number) => (async () => (calls += 1, new Response(null, { status }))) as typeof fetch;
  assert.equal((await retryingOnRateLimit(always(429), { attempts: 3, sleep: async () => {} })('http://cms/')).status, 429);
  assert.equal(calls, 3);
  calls = 0;
  assert.equal((await retryingOnRateLimit(always(503), { sleep: async () => {} })('http://cms/')).status, 503);
  assert.equal(calls, 1);
});

test('Retry-After: seconds, bounded; missing or nonsense waits the minimum', () => {
  assert.equal(retryAfterMs('1', 250), 1000);
  assert.equal(retryAfterMs('600', 250), 30_000);
  assert.equal(retryAfterMs(null, 250), 250);
  assert.equal(retryAfterMs('soon', 250), 250);
});
