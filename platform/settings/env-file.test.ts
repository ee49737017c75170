import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillSecrets, randomSecret } from './env-file.js';

test('empty secrets are generated; comments, order and other values stay byte for byte', () => {
  const text = '# comment\nHOST=127.0.0.1\nSECRET=\nADMIN_PASSWORD=keep-me\nSITE_READER_TOKEN=\n\nOTHER=\n';
  let n = 0;
  const { text: filled, generated } = fillSecrets(text, (length) => `gen${++n}-${length}`);
  assert.equal(filled, '# comment\nHOST=127.0.0.1\nSECRET=gen1-48\nADMIN_PASSWORD=keep-me\nSITE_READER_TOKEN=gen2-40\n\nOTHER=\n');
  assert.deepEqual(generated, { SECRET: 'gen1-48', SITE_READER_TOKEN: 'gen2-40' });
});

test('a filled file is left exactly as it is', () => {
  const text = 'SECRET=abc\nADMIN_PASSWORD=def\n';
  assert.deepEqual(fillSecrets(text, () => 'x'), { text, generated: {} });
});

test('random secrets have the asked length and differ', () => {
  const a = randomSecret(40);
  assert.equal(a.length, 40);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
  assert.notEqual(a, randomSecret(40));
});

test('a generated setting that .env.example has and an older .env lacks is appended', () => {
  const text = 'SECRET=abc\nSITE_READER_TOKEN=def\n';
  const { text: filled, generated } = fillSecrets(text, (length) => `new-${length}`, ['SECRET', 'SITE_READER_TOKEN', 'PUBLISHER_SECRET', 'HOST']);
  assert.deepEqual(generated, { PUBLISHER_SECRET: 'new-40' });
  assert.ok(filled.startsWith(text), 'what was there stays as it was');
  assert.match(filled, /\nPUBLISHER_SECRET=new-40\n$/);
  assert.deepEqual(fillSecrets(filled, () => 'x', ['PUBLISHER_SECRET']), { text: filled, generated: {} });
});
