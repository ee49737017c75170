import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SKEW_SECONDS, signBody, verifySignature } from './publish-signal.js';

const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const body = JSON.stringify({ event: 'sections.items.update', keys: ['a'], at: new Date(now).toISOString() });

test('a body signed with the shared secret verifies', () => {
  assert.deepEqual(verifySignature('s3cret', body, signBody('s3cret', body, now), now + 1000), { ok: true });
});

test('a wrong secret, a changed body, a missing or malformed header are refused with the reason', () => {
  const header = signBody('s3cret', body, now);
  assert.deepEqual(verifySignature('other', body, header, now), { ok: false, reason: 'signature does not match (wrong secret?)' });
  assert.equal(verifySignature('s3cret', body.replace('"a"', '"b"'), header, now).ok, false);
  assert.deepEqual(verifySignature('s3cret', body, undefined, now), { ok: false, reason: 'no x-kb-signature header' });
  assert.deepEqual(verifySignature('s3cret', body, 'Bearer s3cret', now), { ok: false, reason: 'malformed signature header' });
});

test('an old signature is refused, so a captured signal cannot be replayed later', () => {
  const header = signBody('s3cret', body, now);
  assert.equal(verifySignature('s3cret', body, header, now + (MAX_SKEW_SECONDS - 1) * 1000).ok, true);
  const late = verifySignature('s3cret', body, header, now + (MAX_SKEW_SECONDS + 5) * 1000);
  assert.equal(late.ok, false);
  assert.match(late.ok ? '' : late.reason, /too far from now/);
});
