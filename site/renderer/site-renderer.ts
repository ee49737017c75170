import { link, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createBodyCache, type BodyCache } from '../src/lib/body-cache.js';
import { movedPages, redirectPages } from '../src/lib/redirect-page.js';
import type { RendererData, RendererLocals } from '../src/lib/site-data.js';
import type { SiteModel } from '../src/lib/site-model.js';
import { searchIndexGlob, SITE_ROUTES, sitePages } from '../src/lib/site-routes.js';
import { createReleaseWriter, type ReleaseManifest, type ReleaseWriter, type ReleaseWriteResult } from './release-writer.js';
import { ensureRendererBundle, loadRendererBundle, type LoadedRenderer } from './bundle.js';
import { indexForSearch, stopSearchIndexer } from '../build/search-index.js';
import { KbError } from '../../core/errors.js';
import { CANNOT_BUILD, readSiteSource, type SiteSourceOptions } from '../build/site-source.js';
import type { BrokenLink } from '../../core/link-check.js';
import { brokenLinkLines, siteBrokenLinks } from '../src/lib/site-links.js';

/**
 * The publisher's warm renderer: the public pages' server bundle, loaded once into this process,
 * renders a complete site per publish — the same files and bytes as `npm run build:site`
 * (tests/site/site-renderer.test.ts compares them) without starting Astro, Vite or a process.
 * Between publishes it keeps rendered bodies (while their text and link targets are unchanged)
 * and the previous release's file digests (an unchanged file is hard-linked, not written).
 */

export interface RenderSiteOptions extends SiteSourceOptions {
  /** An empty folder that receives the complete site (a release; the caller switches it live). */
  outDir: string;
  signal?: AbortSignal;
}

export interface RenderSiteResult {
  outDir: string;
  /** HTML pages in the release (sections, boards, owners, redirects, …), as buildSite counts them. */
  pages: number;
  sections: number;
  durationMs: number;
  /** Where the time went: reading Directus, rendering pages, writing files, the search index. */
  timings: { fetchMs: number; renderMs: number; filesMs: number; pagefindMs: number; linksMs: number };
  files: { written: number; linked: number };
  bodies: { rendered: number; reused: number };
  /** Internal links and anchors of the published bodies that lead nowhere (reported, never fatal). */
  brokenLinks: BrokenLink[];
}

export interface SiteRenderer {
  render(options: RenderSiteOptions): Promise<RenderSiteResult>;
  close(): Promise<void>;
}

export interface SiteRendererOptions {
  log?: (line: string) => void;
}

/** The page files the bundle renders must be exactly the ones the route list knows. */
function checkRoutes(loaded: LoadedRenderer): void {
  const known = new Set(SITE_ROUTES.map((r) => r.component));
  const bundled = new Set(loaded.bundle.components);
  const problems = [
    ...[...bundled].filter((c) => !known.has(c)).map((c) => `${c} is a page the list does not know`),
    ...[...known].filter((c) => !bundled.has(c)).map((c) => `${c} is listed but not a page`),
  ];
  if (problems.length > 0) {
    throw new KbError('failed', "The site's pages and its route list (site/src/lib/site-routes.ts SITE_ROUTES) differ", { why: problems.join('; '), hint: 'List every page file with the paths it emits.' });
  }
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new KbError('failed', 'The site build was cancelled', { cause: signal.reason });
}

/** Runs `fill` against a writer and always waits for its queued writes, so a failure leaves no write in flight. */
async function writeAll(writer: ReleaseWriter, fill: () => Promise<void>): Promise<ReleaseWriteResult> {
  try {
    await fill();
  } finally {
    await writer.finish().catch(() => {});
  }
  return writer.finish();
}

function rendererData(model: SiteModel, bodies: BodyCache): RendererData {
  const resolveCode = (code: string) => model.resolveCode(code)?.path ?? null;
  return { model, renderBody: (section) => (section.body === null ? null : bodies.render(section.body, resolveCode)) };
}

/** Every page of the route list through the bundle into the release, plus the bundle's static files. */
async function renderPages(loaded: LoadedRenderer, data: RendererData, writer: ReleaseWriter, signal: AbortSignal | undefined): Promise<{ renderMs: number; htmlPages: number }> {
  let renderMs = 0;
  let htmlPages = 0;
  for (const page of sitePages(data.model)) {
    const started = performance.now();
    const locals: RendererLocals & Record<string, unknown> = { kbSite: data };
    let rendered;
    try {
      rendered = await loaded.bundle.render(page.request, locals);
    } catch (error) {
      throw new KbError('failed', CANNOT_BUILD, { why: `the page ${page.path} (${page.component}) failed to render: ${(error as Error).message}`, cause: error });
    }
    if (rendered.status !== page.status) throw new KbError('failed', CANNOT_BUILD, { why: `the page ${page.path} (${page.component}) answered HTTP ${rendered.status}` });
    renderMs += performance.now() - started;
    if (page.file.endsWith('.html')) htmlPages += 1;
    await writer.add(page.file, rendered.bytes);
    cancelled(signal);
  }
  for (const asset of loaded.assets) await writer.add(asset.file, asset.bytes);
  return { renderMs, htmlPages };
}

/**
 * The search index of the pages in outDir, the `/c/<code>/` pages and the old paths' pages. Pagefind
 * must not read the latter (nor does it in the static build, which writes them after it), so they
 * are written meanwhile into a folder beside the release and moved in once the index is done: `c/`
 * with one rename, each old path's page with a hard link (old paths lie inside the chapters'
 * folders; a link never replaces a file that is there).
 */
async function indexAndRedirect(outDir: string, model: SiteModel, previous: ReleaseManifest | null): Promise<{ pagefindMs: number; redirectsMs: number; redirects: ReleaseWriteResult; count: number }> {
  const started = performance.now();
  const side = join(dirname(outDir), `.${basename(outDir)}.redirects`);
  await rm(side, { recursive: true, force: true });
  const codePages = redirectPages(model);
  const moved = movedPages(model);
  const pages = [...codePages, ...moved];
  const indexing = indexForSearch(outDir, { keepService: true, glob: searchIndexGlob(model) }).then(() => performance.now() - started);
  const writer = createReleaseWriter(side, previous);
  const writing = writeAll(writer, async () => {
    for (const { file, html } of pages) await writer.add(file, html);
  }).then((result) => ({ result, ms: performance.now() - started }));
  // Both settle before the side folder goes, whichever of them fails.
  const [indexed, written] = await Promise.allSettled([indexing, writing]);
  try {
    if (indexed.status === 'rejected') throw indexed.reason;
    if (written.status === 'rejected') throw written.reason;
    if (codePages.length > 0) await rename(join(side, 'c'), join(outDir, 'c'));
    for (const { file } of moved) {
      await mkdir(dirname(join(outDir, file)), { recursive: true });
      await link(join(side, file), join(outDir, file)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
  } finally {
    await rm(side, { recursive: true, force: true });
  }
  return { pagefindMs: indexed.value, redirectsMs: written.value.ms, redirects: written.value.result, count: pages.filter((p) => p.file.endsWith('.html')).length };
}

export async function createSiteRenderer({ log = () => {} }: SiteRendererOptions = {}): Promise<SiteRenderer> {
  const loaded = await loadRendererBundle(await ensureRendererBundle(log));
  checkRoutes(loaded);
  const bodies = createBodyCache();
  let previous: ReleaseManifest | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const renderOnce = async (options: RenderSiteOptions): Promise<RenderSiteResult> => {
    const started = performance.now();
    const outDir = resolve(options.outDir);
    cancelled(options.signal);
    // Files in a release may be hard links shared with the previous one: a release is only ever
    // written into a folder of its own.
    if ((await readdir(outDir).catch(() => [])).length > 0) throw new KbError('failed', `${CANNOT_BUILD} into ${outDir}`, { why: 'the folder is not empty (each release needs a fresh one)' });
    const { snapshot, model, fetchMs } = await readSiteSource(options);
    cancelled(options.signal);

    const before = { hits: bodies.stats.hits, misses: bodies.stats.misses };
    const pagesStarted = performance.now();
    const writer = createReleaseWriter(outDir, previous);
    let rendered = { renderMs: 0, htmlPages: 0 };
    const pages = await writeAll(writer, async () => {
      rendered = await renderPages(loaded, rendererData(model, bodies), writer, options.signal);
    });
    const pageFilesMs = performance.now() - pagesStarted - rendered.renderMs;
    const tail = await indexAndRedirect(outDir, model, previous);
    cancelled(options.signal);

    previous = { dir: outDir, digests: new Map([...pages.manifest.digests, ...tail.redirects.manifest.digests]) };
    const bodyStats = { rendered: bodies.stats.misses - before.misses, reused: bodies.stats.hits - before.hits };
    // The anchors each body was rendered with (the cache has them all by now): the links are
    // checked against the ids the pages really have.
    const linksStarted = performance.now();
    const resolveCode = (code: string) => model.resolveCode(code)?.path ?? null;
    const brokenLinks = siteBrokenLinks(snapshot.sections, (record) => bodies.render(record.body ?? '', resolveCode).anchors);
    const linksMs = performance.now() - linksStarted;
    bodies.sweep();
    const result: RenderSiteResult = {
      outDir,
      pages: rendered.htmlPages + tail.count,
      sections: snapshot.sections.length,
      durationMs: Math.round(performance.now() - started),
      timings: {
        fetchMs: Math.round(fetchMs),
        renderMs: Math.round(rendered.renderMs),
        // Writing the redirects overlaps the search index: only what outlasts the index counts.
        filesMs: Math.round(pageFilesMs + Math.max(0, tail.redirectsMs - tail.pagefindMs)),
        pagefindMs: Math.round(tail.pagefindMs),
        linksMs: Math.round(linksMs),
      },
      files: { written: pages.written + tail.redirects.written, linked: pages.linked + tail.redirects.linked },
      bodies: bodyStats,
      brokenLinks,
    };
    log(
      `Rendered ${result.pages} pages (${result.sections} sections) in ${(result.durationMs / 1000).toFixed(1)} s: ` +
        `read ${result.timings.fetchMs} ms, render ${result.timings.renderMs} ms, files ${result.timings.filesMs} ms ` +
        `(${result.files.written} written, ${result.files.linked} unchanged), search index ${result.timings.pagefindMs} ms`,
    );
    for (const line of brokenLinkLines(brokenLinks)) log(line);
    return result;
  };

  return {
    render(options) {
      if (closed) return Promise.reject(new KbError('failed', 'The site renderer is closed'));
      // One publish at a time: each builds on the previous one's release and cache.
      const run = queue.then(() => renderOnce(options));
      queue = run.catch(() => {});
      return run;
    },
    async close() {
      closed = true;
      await queue;
      await stopSearchIndexer();
    },
  };
}
