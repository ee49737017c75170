import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../platform/paths.js';

const extensionDir = join(repoRoot, 'cms/extensions/sections-workflow');
const bundle = join(extensionDir, 'dist/index.js');
// The hook bundles the domain core and the fixed ids, so their changes need a rebuild too.
const sources = [join(extensionDir, 'src'), join(repoRoot, 'core')];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

async function isStale(): Promise<boolean> {
  const built = await stat(bundle).then((s) => s.mtimeMs, () => 0);
  if (built === 0) return true;
  for (const dir of sources) if ((await newestMtime(dir)) > built) return true;
  return false;
}

/** Builds the workflow hook with the extensions SDK when its bundle is missing or older than its sources. */
export async function buildExtensionIfStale(log: (line: string) => void): Promise<void> {
  if (!(await isStale())) return;
  log('Building the sections-workflow extension…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules/@directus/extensions-sdk/cli.js'), 'build', '--no-minify'], {
      cwd: extensionDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Building the extension failed (exit ${code}):\n${output}`))));
  });
}
