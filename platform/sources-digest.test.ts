import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordDigest, recordedDigest, sourcesDigest } from './sources-digest.js';

test('the digest follows the contents and names of the sources, not their times; tests beside them do not count', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kb-digest-'));
  try {
    await mkdir(join(root, 'core'), { recursive: true });
    await writeFile(join(root, 'core/section-code.ts'), 'export const MAX_CODE_DEPTH = 4;\n');
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
    const sources = ['core', 'package-lock.json', 'missing-folder'];
    const first = await sourcesDigest(root, sources);
    assert.match(first, /^[0-9a-f]{16}$/);

    await utimes(join(root, 'core/section-code.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    await writeFile(join(root, 'core/section-code.test.ts'), 'test("x", () => {});\n');
    assert.equal(await sourcesDigest(root, sources), first, 'a touch or a new test rebuilds nothing');

    await writeFile(join(root, 'core/section-code.ts'), 'export const MAX_CODE_DEPTH = 5;\n');
    const edited = await sourcesDigest(root, sources);
    assert.notEqual(edited, first, 'an edit is noticed');
    await writeFile(join(root, 'core/slug.ts'), '');
    assert.notEqual(await sourcesDigest(root, sources), edited, 'so is a new file, even an empty one');

    const stamp = join(root, '.sources-digest');
    assert.equal(await recordedDigest(stamp), null);
    await recordDigest(stamp, edited);
    assert.equal(await recordedDigest(stamp), edited);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
