import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatByteSize, parseByteSize } from './byte-size.js';

test('sizes parse the way Directus reads MAX_PAYLOAD_SIZE (powers of 1024, any case)', () => {
  assert.equal(parseByteSize('1mb'), 1048576);
  assert.equal(parseByteSize('1MB'), 1048576);
  assert.equal(parseByteSize('500kb'), 512000);
  assert.equal(parseByteSize('1.5mb'), 1572864);
  assert.equal(parseByteSize('2 gb'), 2 * 1024 ** 3);
  assert.equal(parseByteSize('1048576'), 1048576);
  assert.equal(parseByteSize(' 10b '), 10);
});

test('what is not a size is null, so a typo in a limit is an error and not "no limit"', () => {
  for (const text of ['', 'mb', '1 megabyte', '1m', 'ten', '-1mb', '1e6']) assert.equal(parseByteSize(text), null, text);
});

test('sizes print for people', () => {
  assert.equal(formatByteSize(3 * 1024 * 1024 + 200_000), '3.2 MB');
  assert.equal(formatByteSize(2048), '2.0 KB');
  assert.equal(formatByteSize(12), '12 B');
});
