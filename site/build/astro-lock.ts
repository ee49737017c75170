import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../platform/paths.js';

// Astro keeps per-project state in site/.astro (generated types, middleware stubs), so two builds
// of site/ at once — a publish during a preview build, or parallel test files — break each other.
const LOCK = join(repoRoot, 'node_modules', '.kb-astro-build.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` while holding the machine-wide lock on building site/; a lock left by a dead process is taken over. */
export async function withAstroBuildLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const mine = `${LOCK}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(mine, String(process.pid));
  try {
    for (;;) {
      try {
        // link() is atomic and fails when the lock exists, so the lock always holds a complete pid.
        await link(mine, LOCK);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(await readFile(LOCK, 'utf8').catch(() => '0'));
        if (holder > 0 && !alive(holder)) {
          await rm(LOCK, { force: true });
          continue;
        }
        signal?.throwIfAborted();
        await sleep(250);
      }
    }
  } finally {
    await rm(mine, { force: true });
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { force: true });
  }
}
