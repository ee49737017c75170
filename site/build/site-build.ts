import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { SiteModel } from '../src/lib/site-model.js';
import { movedPages, redirectPages } from '../src/lib/redirect-page.js';
import { SNAPSHOT_ENV, writeSnapshot } from '../src/lib/site-snapshot.js';
import { runAstroBuild } from './astro-build.js';
import { indexForSearch } from './search-index.js';
import { KbError } from '../../core/errors.js';
import { checkSiteSourceOptions, readSiteSource, type SiteSourceOptions } from './site-source.js';
import type { BrokenLink } from '../../core/link-check.js';
import { brokenLinkLines, siteBrokenLinks } from '../src/lib/site-links.js';


export interface BuildSiteOptions extends SiteSourceOptions {
  /** Receives the complete site; replaced only when the whole build succeeded. */
  outDir: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface BuildSiteResult {
  outDir: string;
  /** HTML pages written (sections, boards, owners, redirects, …). */
  pages: number;
  sections: number;
  durationMs: number;
  timings: { fetchMs: number; linksMs: number; astroMs: number; pagefindMs: number };
  /** Peak resident memory of the Astro build process, in MiB. */
  astroPeakRssMiB: number | null;
  /** Internal links and anchors of the published bodies that lead nowhere (reported, never fatal). */
  brokenLinks: BrokenLink[];
}

async function writeRedirects(dir: string, model: SiteModel): Promise<void> {
  const limit = pLimit(32);
  const write = (file: string, html: string, flag: 'w' | 'wx') =>
    limit(async () => {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      // An old path never takes a page's place (the model leaves them out; `wx` makes sure).
      await writeFile(join(dir, file), html, { flag }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    });
  await Promise.all([
    ...redirectPages(model).map(({ file, html }) => write(file, html, 'w')),
    ...movedPages(model).map(({ file, html }) => write(file, html, 'wx')),
  ]);
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
  checkSiteSourceOptions(options);
  if (!options.outDir) throw new KbError('bad-input', 'The site build needs an output folder');
  const outDir = resolve(options.outDir);
  options.signal?.throwIfAborted();

  log(`Reading the sections from ${options.directusUrl}…`);
  const { snapshot, model, fetchMs } = await readSiteSource(options);
  log(`Read ${snapshot.sections.length} sections in ${Math.round(fetchMs)} ms; building the pages…`);
  const linksStarted = performance.now();
  const brokenLinks = siteBrokenLinks(snapshot.sections);
  const linksMs = performance.now() - linksStarted;
  for (const line of brokenLinkLines(brokenLinks)) log(line);

  await mkdir(dirname(outDir), { recursive: true });
  const work = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.building-`));
  const staging = join(work, 'site');
  try {
    const snapshotPath = join(work, 'snapshot.json');
    const statsPath = join(work, 'stats.json');
    await writeSnapshot(snapshotPath, snapshot);
    const astroStarted = performance.now();
    const astroEnv = { [SNAPSHOT_ENV]: snapshotPath, KB_SITE_OUT: staging, KB_SITE_URL: options.siteUrl, KB_SITE_CACHE: join(work, 'cache'), KB_SITE_STATS: statsPath };
    await runAstroBuild({ what: 'The Astro build', env: astroEnv, ...(options.signal ? { signal: options.signal } : {}) });
    const astroMs = performance.now() - astroStarted;
    if (!(await exists(join(staging, 'index.html')))) throw new KbError('failed', `The Astro build finished without ${join(staging, 'index.html')}; nothing was published`);
    // Astro's content layer leaves its module manifests in the output; they are not part of the site.
    for (const leftover of ['content-assets.mjs', 'content-modules.mjs']) await rm(join(staging, leftover), { force: true });
    const stats = await readFile(statsPath, 'utf8').then((text) => JSON.parse(text) as { maxRssKiB: number }, () => null);

    log('Indexing for search (Pagefind, Russian)…');
    options.signal?.throwIfAborted();
    const pagefindStarted = performance.now();
    await indexForSearch(staging);
    const pagefindMs = performance.now() - pagefindStarted;
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
      timings: { fetchMs: Math.round(fetchMs), linksMs: Math.round(linksMs), astroMs: Math.round(astroMs), pagefindMs: Math.round(pagefindMs) },
      astroPeakRssMiB: stats ? Math.round(stats.maxRssKiB / 1024) : null,
      brokenLinks,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
