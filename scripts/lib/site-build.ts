import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseWith } from '../../core/parse-with.js';
import pLimit from 'p-limit';
import { buildSiteModel, type SiteModel } from '../../site/src/lib/site-model.js';
import { redirectPageHtml } from '../../site/src/lib/redirect-page.js';
import { SNAPSHOT_ENV, writeSnapshot, type SiteSnapshot } from '../../site/src/lib/site-snapshot.js';
import { cmsErrorStatus, createCmsClient, describeCmsError } from './cms-client.js';
import { fetchAllSections, fetchPeople, MalformedSectionError } from './fetch-sections.js';
import { withAstroBuildLock } from './astro-lock.js';
import { repoRoot } from './paths.js';

const require = createRequire(import.meta.url);
const astroCli = join(dirname(require.resolve('astro/package.json')), 'astro.js');
export const siteRoot = join(repoRoot, 'site');

export interface BuildSiteOptions {
  /** Where the build reads from (the local Directus, not necessarily its public address). */
  directusUrl: string;
  /** The site reader's static token. */
  token: string;
  /** Receives the complete site; replaced only when the whole build succeeded. */
  outDir: string;
  /** The docs site's public address, for the sitemap, RSS and canonical links. */
  siteUrl: string;
  /** Directus's public address, for "edit in Directus" links. */
  directusPublicUrl: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** An empty knowledge base is refused unless this is set (an empty site is usually a wrong setup). */
  allowEmpty?: boolean;
  fetch?: typeof globalThis.fetch;
}

export interface BuildSiteResult {
  outDir: string;
  /** HTML pages written (sections, boards, owners, redirects, …). */
  pages: number;
  sections: number;
  durationMs: number;
  timings: { fetchMs: number; astroMs: number; pagefindMs: number };
  /** Peak resident memory of the Astro build process, in MiB. */
  astroPeakRssMiB: number | null;
}

/** The build did not produce a site; the message says why and what to do. Nothing was published. */
export class SiteBuildError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SiteBuildError';
  }
}

const optionsSchema = z.object({
  directusUrl: z.string().url(),
  token: z.string().min(1, 'is empty: set SITE_READER_TOKEN (npm start generates it)'),
  outDir: z.string().min(1),
  siteUrl: z.string().url(),
  directusPublicUrl: z.string().url(),
});

function hintFor(error: unknown, url: string): string {
  const status = cmsErrorStatus(error);
  if (status === 401) return 'Directus refused the token: check SITE_READER_TOKEN (`npm run migrate` applies it to the site reader account)';
  if (status === 403) return "the token's account may not read sections: it should be the site reader's token (`npm run migrate` restores its permissions)";
  if (status !== undefined) return `Directus answered with HTTP ${status}`;
  return `is Directus running at ${url}? (start it with \`npm start\`, or set DIRECTUS_URL)`;
}

async function fetchSnapshot(options: BuildSiteOptions): Promise<SiteSnapshot> {
  const client = createCmsClient({ url: options.directusUrl, token: options.token, ...(options.fetch ? { fetch: options.fetch } : {}) });
  try {
    const [sections, people] = await Promise.all([fetchAllSections({ client }), fetchPeople(client)]);
    return { format: 1, generatedAt: new Date().toISOString(), siteUrl: options.siteUrl, directusPublicUrl: options.directusPublicUrl, sections, people };
  } catch (error) {
    if (error instanceof MalformedSectionError) throw new SiteBuildError(`Cannot build the site: ${error.message}`, { cause: error });
    const why = error instanceof Error ? error.message : describeCmsError(error);
    throw new SiteBuildError(`Cannot build the site: reading ${options.directusUrl} failed (${hintFor((error as { cause?: unknown }).cause ?? error, options.directusUrl)}). ${why}`, { cause: error });
  }
}

function runAstro(env: Record<string, string>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build', '--root', siteRoot], {
      cwd: siteRoot,
      env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-6000);
    });
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => reject(new SiteBuildError(`Could not start the Astro build: ${error.message}`, { cause: error })));
    child.on('exit', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) reject(new SiteBuildError('The site build was cancelled', { cause: signal.reason }));
      else if (code === 0) resolvePromise();
      else reject(new SiteBuildError(`The Astro build failed (${killedBy ? `killed by ${killedBy}` : `exit code ${code}`}). Its errors:\n${errors.trim() || '(none)'}\nIts last output:\n${output.trim().slice(-1500)}`));
    });
  });
}

async function runPagefind(dir: string): Promise<number> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'ru' });
    if (!index) throw new Error(errors.join('; ') || 'no index');
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(written.errors.join('; '));
    return added.page_count;
  } catch (error) {
    throw new SiteBuildError(`The search index (Pagefind) could not be built: ${(error as Error).message}`, { cause: error });
  } finally {
    await pagefind.close();
  }
}

async function writeRedirects(dir: string, model: SiteModel): Promise<void> {
  const limit = pLimit(32);
  await Promise.all(
    [...model.redirects].map(([code, path]) =>
      limit(async () => {
        await mkdir(join(dir, 'c', code), { recursive: true });
        await writeFile(join(dir, 'c', code, 'index.html'), redirectPageHtml(code, path, model.siteUrl));
      }),
    ),
  );
}

async function countPages(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) count += 1;
  }
  return count;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Directus → snapshot → Astro (a child process: memory isolation, killable) → Pagefind, in a
 * staging folder next to outDir that replaces outDir only when everything succeeded. A failure
 * leaves outDir as it was and rejects with an Error naming the cause.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  parseWith(optionsSchema, options, 'the site build settings');
  const outDir = resolve(options.outDir);
  options.signal?.throwIfAborted();

  log(`Reading the sections from ${options.directusUrl}…`);
  const snapshot = await fetchSnapshot(options);
  const fetchMs = performance.now() - started;
  if (snapshot.sections.length === 0 && !options.allowEmpty) {
    throw new SiteBuildError(
      `Cannot build the site: Directus at ${options.directusUrl} returned no sections. Import the seed (\`npm run import -- <file>\`) or check that the token belongs to the site reader`,
    );
  }
  // The same checks the pages rely on, before any build work: a bad tree fails here, named.
  let model: SiteModel;
  try {
    model = buildSiteModel(snapshot.sections, snapshot.people, snapshot);
  } catch (error) {
    throw new SiteBuildError(`Cannot build the site: ${(error as Error).message}`, { cause: error });
  }
  log(`Read ${snapshot.sections.length} sections in ${Math.round(fetchMs)} ms; building the pages…`);

  await mkdir(dirname(outDir), { recursive: true });
  const work = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.building-`));
  const staging = join(work, 'site');
  try {
    const snapshotPath = join(work, 'snapshot.json');
    const statsPath = join(work, 'stats.json');
    await writeSnapshot(snapshotPath, snapshot);
    const astroStarted = performance.now();
    const astroEnv = { [SNAPSHOT_ENV]: snapshotPath, KB_SITE_OUT: staging, KB_SITE_URL: options.siteUrl, KB_SITE_CACHE: join(work, 'cache'), KB_SITE_STATS: statsPath };
    await withAstroBuildLock(() => runAstro(astroEnv, options.signal), options.signal);
    const astroMs = performance.now() - astroStarted;
    if (!(await exists(join(staging, 'index.html')))) throw new SiteBuildError(`The Astro build finished without ${join(staging, 'index.html')}; nothing was published`);
    // Astro's content layer leaves its module manifests in the output; they are not part of the site.
    for (const leftover of ['content-assets.mjs', 'content-modules.mjs']) await rm(join(staging, leftover), { force: true });
    const stats = await readFile(statsPath, 'utf8').then((text) => JSON.parse(text) as { maxRssKiB: number }, () => null);

    log('Indexing for search (Pagefind, Russian)…');
    options.signal?.throwIfAborted();
    const pagefindStarted = performance.now();
    await runPagefind(staging);
    const pagefindMs = performance.now() - pagefindStarted;
    // Written here rather than by Astro: one tiny page per code, and neither Astro nor Pagefind need to see them.
    await writeRedirects(staging, model);
    const pages = await countPages(staging);
    options.signal?.throwIfAborted();

    // The swap: outDir only ever holds a complete site (the old one until this point).
    const previous = join(work, 'previous');
    const hadPrevious = await exists(outDir);
    if (hadPrevious) await rename(outDir, previous);
    try {
      await rename(staging, outDir);
    } catch (error) {
      if (hadPrevious) await rename(previous, outDir);
      throw error;
    }
    const durationMs = Math.round(performance.now() - started);
    log(`Built ${pages} pages (${snapshot.sections.length} sections) into ${outDir} in ${(durationMs / 1000).toFixed(1)} s.`);
    return {
      outDir,
      pages,
      sections: snapshot.sections.length,
      durationMs,
      timings: { fetchMs: Math.round(fetchMs), astroMs: Math.round(astroMs), pagefindMs: Math.round(pagefindMs) },
      astroPeakRssMiB: stats ? Math.round(stats.maxRssKiB / 1024) : null,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
