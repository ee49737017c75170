import { KbError } from '../core/errors.js';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildExtensionIfStale } from '../cms/server/build-extension.js';
import { repoRoot } from '../platform/paths.js';
import { runCli } from '../platform/run-cli.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'data', '.astro']);

async function findTests(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findTests(path)));
    else if (entry.name.endsWith('.test.ts')) found.push(relative(repoRoot, path));
  }
  return found.sort();
}

// Node 20's runner has no glob support, so the files are listed here; extra arguments narrow
// the run (`npm test -- tests/integration/codes.test.ts`).
await runCli('test', async () => {
  const only = process.argv.slice(2);
  const files = only.length > 0 ? only : await findTests(repoRoot);
  await buildExtensionIfStale((line) => console.log(line));
  console.log(`Running ${files.length} test files on ${process.env.KB_TEST_DB ?? 'sqlite'}…`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${process.env.KB_TEST_CONCURRENCY ?? '2'}`, ...files],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    child.on('exit', resolve);
  });
  if (code !== 0) throw new KbError('failed', `tests failed (exit code ${code})`);
});
