import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIRECTUS_DEFAULTS } from '../../platform/settings/schema.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';

// Directus with the project's default settings (the rate limiter on: DIRECTUS_DEFAULTS), not the
// tests' high limit: a burst from one address is refused with 429, anonymous visitors never reach
// the CPU-heavy utilities, and the project's own tools (the migrations this start ran, hundreds of
// requests in a row) still get through by waiting out the limiter.

let cms: TestCms;
before(async () => {
  cms = await startTestCms({ defaultRateLimit: true });
});
after(async () => {
  await cms?.destroy();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

async function anonymous(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${cms.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

/** Waits until the limiter lets this address through again (a state, not a sleep). */
async function windowPassed(): Promise<void> {
  for (const deadline = Date.now() + 30_000; (await anonymous('GET', '/server/ping')).status === 429; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) assert.fail('the rate limiter never let the address through again');
  }
}

test('the default settings switch the limiter on', () => {
  assert.equal(cms.settings.RATE_LIMITER_ENABLED, undefined, 'the harness left the limiter to the default');
  assert.equal(DIRECTUS_DEFAULTS.RATE_LIMITER_ENABLED, 'true');
});

test('a burst of anonymous requests from one address is answered 429 with Retry-After, and nothing runs argon2 for them', async () => {
  await windowPassed();
  const points = Number(DIRECTUS_DEFAULTS.RATE_LIMITER_POINTS);
  const answers = await Promise.all(Array.from({ length: points * 3 }, () => anonymous('POST', '/utils/hash/generate', { string: 'x'.repeat(200) })));
  const statuses = answers.map((answer) => answer.status);
  const limited = answers.filter((answer) => answer.status === 429);
  assert.ok(limited.length >= points, `at least ${points} of ${answers.length} refused by the limiter: ${statuses.join(',')}`);
  assert.ok(limited.every((answer) => answer.retryAfter !== null), 'every 429 says when to come back');
  assert.deepEqual([...new Set(statuses)].sort(), [403, 429], 'the rest refused by the hook; none hashed');
});

test('anonymous visitors may not hash, verify or reach the system GraphQL at all', async () => {
  await windowPassed();
  for (const [method, path, body] of [
    ['POST', '/utils/hash/generate', { string: 'secret' }],
    ['POST', '/utils/hash/verify', { string: 'secret', hash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA' }],
    ['POST', '/UTILS//hash/generate', { string: 'secret' }],
    ['POST', '/graphql/system', { query: 'mutation { utils_hash_generate(string: "secret") }' }],
  ] as const) {
    const answer = await anonymous(method, path, body);
    assert.equal(answer.status, 403, `${method} ${path}: ${answer.body}`);
    assert.match(answer.body, /Без входа в систему/);
  }
  // Logging in stays open to anonymous visitors (then counted by the limiter like every request).
  assert.equal((await anonymous('POST', '/auth/login', { email: 'nobody@example.com', password: 'wrong' })).status, 401);
});

test('a logged-in administrator still hashes, and the project\'s client waits out a 429 instead of failing', async () => {
  await windowPassed();
  const hashed = await cms.api('POST', '/utils/hash/generate', { body: { string: 'secret' } });
  assert.equal(hashed.status, 200);
  assert.match(hashed.body.data, /^\$argon2/);
  // Use up the window, then ask through the client every command uses: it answers, late but whole.
  await Promise.all(Array.from({ length: Number(DIRECTUS_DEFAULTS.RATE_LIMITER_POINTS) * 2 }, () => anonymous('GET', '/server/ping')));
  assert.equal((await anonymous('GET', '/server/ping')).status, 429, 'the window is used up');
  const sections = await cms.admin.request(() => ({ path: '/items/sections', params: { limit: 1 }, method: 'GET' }));
  assert.ok(Array.isArray(sections));
});
