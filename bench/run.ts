import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../platform/paths.js';
import { runCli } from '../platform/run-cli.js';

// Each benchmark runs in a process of its own, so one's memory and warm caches do not colour the
// next; each writes bench/results/<name>.{json,md}. `npm run bench -- site-build` runs one.
await runCli('bench', async () => {
  const dir = join(repoRoot, 'bench');
  const all = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const wanted = process.argv.slice(2);
  const files = wanted.length > 0 ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
  if (files.length === 0) throw new Error(`No benchmark matches ${wanted.join(', ')}; there are: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`);
  const failed: string[] = [];
  for (const file of files) {
    console.log(`\n=== ${file}`);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], { cwd: repoRoot, stdio: 'inherit' });
      child.on('exit', resolve);
    });
    if (code !== 0) failed.push(file);
  }
  if (failed.length > 0) throw new Error(`benchmarks failed: ${failed.join(', ')}`);
  console.log('\nResults are in bench/results/.');
});
