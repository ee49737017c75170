import { KbError } from '../../core/errors.js';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteRendererBundle } from './entry.js';
import { astroBuild, buildUnlessUpToDate, siteRoot } from '../build/astro-build.js';
import { repoRoot } from '../../platform/paths.js';
import { filesUnder, sourcesDigest } from '../../platform/sources-digest.js';

/**
 * The warm renderer's bundle: the public pages built once by Astro as a server bundle
 * (site/astro.renderer.config.mjs) into `site/renderer-dist/<digest of its sources>/`, and
 * rebuilt only when those sources change. A bundle folder is never modified once built, so
 * processes using different versions of the site's sources never disturb each other.
 */

export const rendererBundlesDir = join(siteRoot, 'renderer-dist');

// Everything the bundle is made of. The lock file stands for the versions of Astro and the
// libraries the pages use.
const SOURCES = ['site/src', 'site/public', 'site/renderer', 'site/astro.renderer.config.mjs', 'site/astro.common.mjs', 'core', 'package-lock.json'];
const KEEP_OTHER_BUNDLES = 2;

/** The digest of the bundle's sources: a new one means a new bundle. */
export function rendererSourcesDigest(): Promise<string> {
  return sourcesDigest(repoRoot, SOURCES);
}

async function isBuilt(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'server/entry.mjs')).catch(() => null)) !== null;
}

async function pruneOldBundles(current: string): Promise<void> {
  const entries = await readdir(rendererBundlesDir, { withFileTypes: true }).catch(() => []);
  const others = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && e.name !== current && !e.name.startsWith('.'))
      .map(async (e) => ({ name: e.name, mtimeMs: (await stat(join(rendererBundlesDir, e.name))).mtimeMs })),
  );
  others.sort((a, b) => b.mtimeMs - a.mtimeMs);
  // The newest others stay: another process may have loaded one of them moments ago.
  for (const old of others.slice(KEEP_OTHER_BUNDLES)) await rm(join(rendererBundlesDir, old.name), { recursive: true, force: true });
}

/** The folder of the bundle for the current sources, built first if there is none (~10–20 s). */
export async function ensureRendererBundle(log: (line: string) => void = () => {}): Promise<string> {
  const digest = await rendererSourcesDigest();
  const dir = join(rendererBundlesDir, digest);
  await buildUnlessUpToDate(() => isBuilt(dir), async () => {
    log('Building the site renderer (once per version of the site’s sources)…');
    const staging = join(rendererBundlesDir, `.${digest}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    try {
      await astroBuild({ what: 'The site renderer build', config: 'astro.renderer.config.mjs', env: { KB_RENDERER_OUT: staging } });
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
  await pruneOldBundles(digest);
  return dir;
}

export interface StaticAsset {
  /** Path inside the site (`_astro/guide.CLA_NiUJ.css`, `favicon.svg`). */
  file: string;
  bytes: Buffer;
}

export interface LoadedRenderer {
  dir: string;
  bundle: SiteRendererBundle;
  /** The files every release carries as they are: Astro's client assets and site/public. */
  assets: StaticAsset[];
}

/** Imports the bundle and everything it renders with, and reads its static files, once. */
export async function loadRendererBundle(dir: string): Promise<LoadedRenderer> {
  const entry = (await import(pathToFileURL(join(dir, 'server/entry.mjs')).href)) as { renderer?: SiteRendererBundle };
  if (!entry.renderer) throw new KbError('failed', `${dir} is not a site renderer bundle (no \`renderer\` export)`, { hint: 'Delete it to have it rebuilt.' });
  await entry.renderer.preload();
  const clientDir = join(dir, 'client');
  const assets = await Promise.all((await filesUnder(clientDir)).map(async (path) => ({ file: relative(clientDir, path), bytes: await readFile(path) })));
  return { dir, bundle: entry.renderer, assets };
}
