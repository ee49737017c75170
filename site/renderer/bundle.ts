import { KbError } from '../../core/errors.js';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteRendererBundle } from './entry.js';
import { withAstroBuildLock } from '../build/astro-lock.js';
import { repoRoot } from '../../platform/paths.js';

/**
 * The warm renderer's bundle: the public pages built once by Astro as a server bundle
 * (site/astro.renderer.config.mjs) into `site/renderer-dist/<digest of its sources>/`, and
 * rebuilt only when those sources change. A bundle folder is never modified once built, so
 * processes using different versions of the site's sources never disturb each other.
 */

const require = createRequire(import.meta.url);
const astroCli = join(dirname(require.resolve('astro/package.json')), 'astro.js');
const siteRoot = join(repoRoot, 'site');
export const rendererBundlesDir = join(siteRoot, 'renderer-dist');

// Everything the bundle is made of. The lock file stands for the versions of Astro and the
// libraries the pages use.
const SOURCES = ['site/src', 'site/public', 'site/renderer', 'site/astro.renderer.config.mjs', 'site/astro.common.mjs', 'core', 'package-lock.json'];
const KEEP_OTHER_BUNDLES = 2;

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.test.ts')).map((e) => join(e.parentPath, e.name));
}

/** The digest of the bundle's sources: a new one means a new bundle. */
export async function rendererSourcesDigest(): Promise<string> {
  const files = (await Promise.all(SOURCES.map((source) => filesUnder(join(repoRoot, source))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(repoRoot, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function runAstroBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build', '--root', siteRoot, '--config', 'astro.renderer.config.mjs'], {
      cwd: siteRoot,
      env: { ...process.env, KB_RENDERER_OUT: outDir, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The site renderer did not build (astro build exit code ${code}):\n${output.trim()}`))));
  });
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
  if (await isBuilt(dir)) return dir;
  await withAstroBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    if (await isBuilt(dir)) return;
    log('Building the site renderer (once per version of the site’s sources)…');
    const staging = join(rendererBundlesDir, `.${digest}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    try {
      await runAstroBuild(staging);
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
