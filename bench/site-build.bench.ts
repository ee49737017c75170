import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestCms, type TestCms } from '../tests/support/test-cms.js';
import { createCmsClient } from '../platform/cms-client.js';
import { createSectionsInBulk } from '../content/create-sections.js';
import { fetchAllSections } from '../platform/fetch-sections.js';
import { generateTree, type GeneratedSection, generatedToNew } from '../tests/support/generated-tree.js';
import { repoRoot } from '../platform/paths.js';
import { buildSite } from '../site/build/site-build.js';
import { readSiteSource } from '../site/build/site-source.js';
import { llmsFull, llmsIndex, publishedSections, sectionMarkdown } from '../site/src/lib/llms-text.js';
import { sectionPath, slugify } from '../core/slug.js';
import { median, writeBenchResult } from './lib/results.js';

// The site build against a real Directus holding 1,000 and 10,000 generated sections (about
// 2 KB of markdown each), next to plain Astro building the same pages from local markdown files;
// and the paged fetch of the whole tree. Writes bench/results/site-build.{json,md}.

const SIZES = (process.env.KB_BENCH_SITE_SIZES ?? '1000,10000').split(',').map(Number);
const FETCH_RUNS = 5;
const kib = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);
const require = createRequire(import.meta.url);
const astroCli = join(dirname(require.resolve('astro/package.json')), 'astro.js');

interface Measured {
  sections: number;
  fetch: { medianMs: number; requests: number };
  site: { totalMs: number; fetchMs: number; astroMs: number; pagefindMs: number; pages: number; astroPeakMiB: number | null };
  plain: { totalMs: number; peakMiB: number | null; pages: number };
  /** The bots' files in the built site, and the time to make them from the model (inside the Astro build). */
  llms: { indexBytes: number; fullBytes: number; markdownPages: number; markdownBytes: number; makeMs: number };
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** Sizes of llms.txt, llms-full.txt and every `<page>/index.md` the build wrote. */
async function llmsFiles(siteDir: string): Promise<Omit<Measured['llms'], 'makeMs'>> {
  let markdownPages = 0;
  let markdownBytes = 0;
  for (const entry of await readdir(siteDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name !== 'index.md') continue;
    markdownPages += 1;
    markdownBytes += await sizeOf(join(entry.parentPath, entry.name));
  }
  return { indexBytes: await sizeOf(join(siteDir, 'llms.txt')), fullBytes: await sizeOf(join(siteDir, 'llms-full.txt')), markdownPages, markdownBytes };
}

/** The same tree as markdown files in a bare Astro project: the baseline the design compares with. */
async function plainAstroProject(dir: string, tree: readonly GeneratedSection[]): Promise<void> {
  const byCode = new Map(tree.map((s) => [s.code, s]));
  const chainOf = (s: GeneratedSection) => {
    const chain: { code: string; slug: string }[] = [];
    for (let c: GeneratedSection | undefined = s; c; c = c.parentCode ? byCode.get(c.parentCode) : undefined) chain.unshift({ code: c.code, slug: slugify(c.title) });
    return chain;
  };
  await mkdir(join(dir, 'src/pages'), { recursive: true });
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'package.json'), '{"type":"module","private":true}\n');
  await writeFile(
    join(dir, 'astro.config.mjs'),
    `import { writeFileSync } from 'node:fs';
export default {
  output: 'static',
  trailingSlash: 'always',
  integrations: [{ name: 'stats', hooks: { 'astro:build:done': () => writeFileSync('stats.json', JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })) } }],
};
`,
  );
  await writeFile(
    join(dir, 'src/content.config.ts'),
    `import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
export const collections = { docs: defineCollection({ loader: glob({ pattern: '**/*.md', base: './docs' }), schema: z.object({ title: z.string(), code: z.string(), status: z.string() }) }) };
`,
  );
  await writeFile(
    join(dir, 'src/pages/[...slug].astro'),
    `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const docs = await getCollection('docs');
  return docs.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang="ru"><head><meta charset="utf-8" /><title>{entry.data.code} {entry.data.title}</title></head>
<body><main><h1>{entry.data.code} {entry.data.title}</h1><p>{entry.data.status}</p><Content /></main></body></html>
`,
  );
  for (const section of tree) {
    const path = sectionPath(chainOf(section)).slice(1, -1);
    const file = join(dir, 'docs', `${path}.md`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `---\ntitle: ${JSON.stringify(section.title)}\ncode: "${section.code}"\nstatus: ${section.status}\n---\n\n${section.body}\n`);
  }
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

async function measure(size: number): Promise<Measured> {
  const tree = generateTree({ sections: size, seed: 42, owners: 5, bodyBytes: 2000 });
  let cms: TestCms | undefined;
  const work = await mkdtemp(join(tmpdir(), `kb-bench-site-${size}-`));
  try {
    cms = await startTestCms();
    const owners = [];
    for (let i = 0; i < 5; i++) owners.push(await cms.createUser(i === 0 ? 'cto' : 'student', `Автор Номер${i + 1}`));
    console.log(`${size}: loading the generated tree into Directus…`);
    await createSectionsInBulk(cms.admin, generatedToNew(tree, owners.map((o) => o.id)));

    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const times: number[] = [];
    for (let i = 0; i < FETCH_RUNS; i++) {
      requests = 0;
      const client = createCmsClient({ url: cms.url, token: cms.siteReaderToken, fetch: counting });
      const started = performance.now();
      const rows = await fetchAllSections({ client });
      times.push(performance.now() - started);
      if (rows.length !== size) throw new Error(`fetched ${rows.length} of ${size}`);
    }
    const fetchRequests = requests;
    console.log(`${size}: fetch median ${Math.round(median(times))} ms in ${fetchRequests} requests; building the site…`);

    const site = await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir: join(work, 'site'), siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
    const files = await llmsFiles(join(work, 'site'));
    // The same functions the Astro endpoints call, timed alone: what the bots' files add to a build.
    const { model } = await readSiteSource({ directusUrl: cms.url, token: cms.siteReaderToken, siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
    const makeStarted = performance.now();
    llmsIndex(model);
    llmsFull(model);
    for (const section of publishedSections(model)) sectionMarkdown(model, section);
    const llms = { ...files, makeMs: Math.round(performance.now() - makeStarted) };
    console.log(`${size}: site built in ${(site.durationMs / 1000).toFixed(1)} s (${site.pages} pages; llms-full.txt ${kib(llms.fullBytes)}); plain Astro…`);
    await cms.destroy();
    cms = undefined;

    const plainDir = join(work, 'plain');
    await plainAstroProject(plainDir, tree);
    const plainStarted = performance.now();
    await run(process.execPath, [astroCli, 'build', '--root', plainDir], plainDir);
    const plainMs = performance.now() - plainStarted;
    const plainStats = await readFile(join(plainDir, 'stats.json'), 'utf8').then((t) => JSON.parse(t) as { maxRssKiB: number }, () => null);
    console.log(`${size}: plain Astro built in ${(plainMs / 1000).toFixed(1)} s`);
    return {
      sections: size,
      fetch: { medianMs: Math.round(median(times)), requests: fetchRequests },
      site: { totalMs: site.durationMs, ...site.timings, pages: site.pages, astroPeakMiB: site.astroPeakRssMiB },
      plain: { totalMs: Math.round(plainMs), peakMiB: plainStats ? Math.round(plainStats.maxRssKiB / 1024) : null, pages: size },
      llms,
    };
  } finally {
    await cms?.destroy();
    await rm(work, { recursive: true, force: true });
  }
}

const loadBefore = loadavg()[1] as number;
const results: Measured[] = [];
for (const size of SIZES) results.push(await measure(size));
const loadAfter = loadavg()[1] as number;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const largest = results.find((r) => r.sections === 10_000) ?? results.at(-1);
const targets = largest
  ? [
      { target: `site build at ${largest.sections} sections ≤ 1.5× plain Astro`, measured: `${(largest.site.totalMs / largest.plain.totalMs).toFixed(2)}×`, met: largest.site.totalMs <= 1.5 * largest.plain.totalMs },
      { target: `site build at ${largest.sections} sections < 60 s`, measured: s(largest.site.totalMs), met: largest.site.totalMs < 60_000 },
      { target: `fetch of ${largest.sections} sections < 3 s`, measured: `${largest.fetch.medianMs} ms`, met: largest.fetch.medianMs < 3000 },
      { target: `fetch of ${largest.sections} sections in ≤ 25 requests`, measured: String(largest.fetch.requests), met: largest.fetch.requests <= 25 },
    ]
  : [];
const text = await writeBenchResult({
  name: 'site-build',
  title: 'Site build and tree fetch',
  table: [
    ['sections', 'site build (total)', 'fetch / Astro / Pagefind', 'pages', 'Astro peak RSS', 'plain Astro (local .md)', 'plain peak RSS', 'ratio', 'fetch median', 'fetch requests', 'llms.txt / llms-full.txt', 'index.md pages (total)', 'llms files made in'],
    ...results.map((r) => [
      r.sections,
      s(r.site.totalMs),
      `${s(r.site.fetchMs)} / ${s(r.site.astroMs)} / ${s(r.site.pagefindMs)}`,
      r.site.pages,
      r.site.astroPeakMiB === null ? '?' : `${r.site.astroPeakMiB} MiB`,
      s(r.plain.totalMs),
      r.plain.peakMiB === null ? '?' : `${r.plain.peakMiB} MiB`,
      `${(r.site.totalMs / r.plain.totalMs).toFixed(2)}×`,
      `${r.fetch.medianMs} ms`,
      r.fetch.requests,
      `${kib(r.llms.indexBytes)} / ${kib(r.llms.fullBytes)}`,
      `${r.llms.markdownPages} (${kib(r.llms.markdownBytes)})`,
      `${r.llms.makeMs} ms`,
    ]),
  ],
  targets,
  data: results,
  notes: [
    'Site build = buildSite(): read every section and person from Directus (site reader token), Astro static build in a child process (section pages, boards, owner pages, redirects, sitemap, RSS, guide), Pagefind index (Russian).',
    'Plain Astro = the same section pages from local markdown files through a content collection (glob loader) and Astro’s own markdown pipeline; no boards, redirects or search index.',
    'llms = /llms.txt (the tree of published sections with summaries), /llms-full.txt (every published text in code order) and one <page>/index.md per published section, as the build wrote them; "made in" times the same functions the Astro endpoints call, over the model alone (their share of the Astro time).',
    `Fetch = fetchAllSections with the site reader token (pages of 500, 4 in flight), median of ${FETCH_RUNS} runs; requests of one run, the count query included.`,
    `Directus on ${process.env.KB_TEST_DB ?? 'sqlite'}; peak RSS is the Astro process's own maximum resident set.`,
    `Machine load (5-minute average) ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end on 2 cores: above 2, other work shared the CPU and the times are pessimistic.`,
  ],
});
console.log(`\n${text}`);
if (targets.some((t) => !t.met)) process.exitCode = 1;
