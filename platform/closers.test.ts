import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClosers } from './closers.js';

test('parts close newest first, once, and a failing one does not keep the rest open', async () => {
  const closed: string[] = [];
  const log: string[] = [];
  const closers = createClosers((line) => log.push(line));
  closers.add('the publisher', async () => void closed.push('publisher'));
  closers.add('the site server', async () => {
    closed.push('site');
    throw new Error('EBUSY');
  });
  closers.add('Directus', async () => void closed.push('directus'));
  await Promise.all([closers.closeAll(), closers.closeAll()]);
  await closers.closeAll();
  assert.deepEqual(closed, ['directus', 'site', 'publisher']);
  assert.deepEqual(log, ['Could not stop the site server: EBUSY']);
});
