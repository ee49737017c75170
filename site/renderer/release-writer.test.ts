import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReleaseWriter, digestOf, reuseFrom } from './release-writer.js';

test('only a file whose bytes are unchanged is taken from the previous release', () => {
  const previous = { dir: '/srv/site/builds/a', digests: new Map([['index.html', digestOf('старое')]]) };
  assert.equal(reuseFrom(previous, 'index.html', digestOf('старое')), '/srv/site/builds/a/index.html');
  assert.equal(reuseFrom(previous, 'index.html', digestOf('новое')), null);
  assert.equal(reuseFrom(previous, 'guide/index.html', digestOf('старое')), null);
  assert.equal(reuseFrom(null, 'index.html', digestOf('старое')), null);
});

test('a release shares unchanged files with the previous one and writes the changed ones', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kb-release-'));
  try {
    const first = createReleaseWriter(join(root, 'a'), null);
    await first.add('index.html', 'главная');
    await first.add('02/02-01/index.html', 'серверы');
    const a = await first.finish();
    assert.deepEqual([a.written, a.linked], [2, 0]);

    const second = createReleaseWriter(join(root, 'b'), a.manifest);
    await second.add('index.html', 'главная');
    await second.add('02/02-01/index.html', 'серверы, правка');
    await second.add('c/02.01/index.html', Buffer.from('переадресация'));
    const b = await second.finish();
    assert.deepEqual([b.written, b.linked], [2, 1]);
    assert.equal(await readFile(join(root, 'b/02/02-01/index.html'), 'utf8'), 'серверы, правка');
    assert.equal(await readFile(join(root, 'a/02/02-01/index.html'), 'utf8'), 'серверы', 'the previous release is untouched');
    assert.equal((await stat(join(root, 'b/index.html'))).ino, (await stat(join(root, 'a/index.html'))).ino, 'the unchanged page is the same file');

    // The previous release was removed meanwhile: its files are written instead of linked.
    await rm(join(root, 'a'), { recursive: true });
    const third = createReleaseWriter(join(root, 'c'), a.manifest);
    await third.add('index.html', 'главная');
    assert.deepEqual([(await third.finish()).written, 0], [1, 0]);
    assert.equal(await readFile(join(root, 'c/index.html'), 'utf8'), 'главная');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a file that cannot be written fails the release with its path', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kb-release-'));
  try {
    await writeFile(join(root, 'blocker'), 'a file where a folder must go');
    const writer = createReleaseWriter(root, null);
    await writer.add('blocker/index.html', 'x');
    await assert.rejects(writer.finish(), /Could not write .*blocker\/index\.html/);
    // A file already in the folder is never written through (it may be shared with another release).
    await writeFile(join(root, 'taken.html'), 'чужое');
    const over = createReleaseWriter(root, null);
    await over.add('taken.html', 'новое');
    await assert.rejects(over.finish(), /taken\.html/);
    assert.equal(await readFile(join(root, 'taken.html'), 'utf8'), 'чужое');
    const twice = createReleaseWriter(join(root, 'd'), null);
    await twice.add('index.html', 'x');
    await assert.rejects(twice.add('index.html', 'y'), /written twice/);
    await twice.finish();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
