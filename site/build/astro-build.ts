import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runNode } from '../../platform/child-process.js';
import { repoRoot } from '../../platform/paths.js';
import { withAstroBuildLock } from './astro-lock.js';

const require = createRequire(import.meta.url);
const astroCli = join(dirname(require.resolve('astro/package.json')), 'astro.js');
export const siteRoot = join(repoRoot, 'site');

export interface AstroBuildOptions {
  /** What is built, for messages: `The Astro build`, `The preview renderer build`. */
  what: string;
  /** A config file in site/ other than astro.config.mjs. */
  config?: string;
  /** Settings the config reads (KB_SITE_OUT, …), on top of this process's environment. */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

/** `astro build` of site/ in a child process (memory isolation, killable); hold the build lock around it. */
export async function astroBuild({ what, config, env = {}, signal }: AstroBuildOptions): Promise<void> {
  const args = ['build', '--root', siteRoot, ...(config ? ['--config', config] : [])];
  const childEnv = { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  await runNode(astroCli, args, { what, cwd: siteRoot, env: childEnv, ...(signal ? { signal } : {}) });
}

/** An Astro build of site/ while no other build of site/ runs on this machine. */
export function runAstroBuild(options: AstroBuildOptions): Promise<void> {
  return withAstroBuildLock(() => astroBuild(options), options.signal);
}

/**
 * For what is built once per version of the sources (the renderer, the preview): `build` runs
 * under the lock only when `upToDate` says no, asked again once the lock is held, since another
 * process may have built the same thing while this one waited.
 */
export async function buildUnlessUpToDate(upToDate: () => Promise<boolean>, build: () => Promise<void>): Promise<void> {
  if (await upToDate()) return;
  await withAstroBuildLock(async () => {
    if (!(await upToDate())) await build();
  });
}
