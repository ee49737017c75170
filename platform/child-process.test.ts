import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKbError } from '../core/errors.js';
import { runNode } from './child-process.js';

async function script(body: string): Promise<{ path: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-child-'));
  const path = join(dir, 'build.mjs');
  await writeFile(path, body);
  return { path, dir };
}

test('a program that succeeds gives its output; one that fails is an error naming it with its errors and last output', async () => {
  const { path, dir } = await script(`
    console.log('building 120 pages for ' + process.env.KB_SITE);
    if (process.argv[2] === 'fail') { console.error('[ERROR] site/src/pages/index.astro: Unexpected "}"'); process.exit(3); }
  `);
  try {
    assert.equal(await runNode(path, [], { what: 'The Astro build', cwd: dir, env: { ...process.env, KB_SITE: 'docs' } }), 'building 120 pages for docs\n');
    await assert.rejects(runNode(path, ['fail'], { what: 'The Astro build', cwd: dir }), (error: unknown) => {
      assert.ok(isKbError(error, 'failed'));
      assert.match(error.message, /^The Astro build failed \(exit code 3\): its errors:\n\[ERROR\] site\/src\/pages\/index\.astro: Unexpected "}"\nits last output:\nbuilding 120 pages/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('only the tail of a long output is kept, and an abort stops the program', async () => {
  const { path, dir } = await script(`
    for (let i = 0; i < 5000; i++) console.error('warning: line ' + i);
    if (process.argv[2] === 'hang') setInterval(() => {}, 1000); else process.exitCode = 1;
  `);
  try {
    await assert.rejects(runNode(path, [], { what: 'The build', cwd: dir, keep: 200 }), (error: Error) => {
      assert.ok(error.message.length < 400, 'the message holds the tail, not everything');
      assert.match(error.message, /warning: line 4999\s*$/);
      return true;
    });
    const controller = new AbortController();
    const running = runNode(path, ['hang'], { what: 'The build', cwd: dir, signal: controller.signal });
    setImmediate(() => controller.abort(new Error('interrupted')));
    await assert.rejects(running, /^KbError: The build was cancelled$|The build was cancelled/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
