import { loadavg } from 'node:os';
import { createSectionsInBulk } from '../content/create-sections.js';
import { generateTree, generatedToNew } from '../tests/support/generated-tree.js';
import { sectionPagePath, startPublishingStack } from '../tests/support/publishing-stack.js';
import type { TestDbKind } from '../tests/support/test-database.js';
import { median, writeBenchResult } from './lib/results.js';

// Publish to live (DESIGN.md: a saved edit is on the served site within 5 s, median, at 1,000
// sections): the time from sending a save to Directus until the served page shows it, through
// the whole chain of hook signal → debounce → site build → atomic switch.

const SECTIONS = 1000;
const EDITS = 10;
const TARGET_MS = 5000;
const STEPS = ['fetchMs', 'renderMs', 'filesMs', 'pagefindMs'];

interface Run {
  db: TestDbKind;
  latenciesMs: number[];
  buildMs: number[];
  /** Each edit's build, step by step (the renderer's timings: read, render, files, search index). */
  steps: Record<string, number>[];
  /** Load average (1 min) when each edit was saved: a busy machine shows here. */
  load: number[];
}

async function measure(db: TestDbKind): Promise<Run> {
  const tree = generateTree({ sections: SECTIONS, seed: 7 });
  const stack = await startPublishingStack({ db, fill: (cms) => createSectionsInBulk(cms.admin, generatedToNew(tree, [])) });
  try {
    const targets = tree.filter((s) => s.status === 'published').slice(0, EDITS);
    const latenciesMs: number[] = [];
    const buildMs: number[] = [];
    const steps: Record<string, number>[] = [];
    const load: number[] = [];
    for (const [i, target] of targets.entries()) {
      const path = await sectionPagePath(stack.cms, target.code);
      const marker = `Правка ${i} от ${Date.now()}`;
      load.push(Number(loadavg()[0]?.toFixed(2)));
      const started = performance.now();
      const saved = await stack.cms.api('PATCH', `/items/sections/${target.id}`, { body: { body: `${target.body}\n\n${marker}` } });
      if (saved.status !== 200) throw new Error(`Saving ${target.code} failed: ${JSON.stringify(saved.body)}`);
      for (;;) {
        const text = await (await fetch(`${stack.site.url}${path}`)).text();
        if (text.includes(marker)) break;
        if (performance.now() - started > 120_000) throw new Error(`${target.code} did not go live within 2 minutes`);
        await new Promise((r) => setTimeout(r, 20));
      }
      latenciesMs.push(Math.round(performance.now() - started));
      await stack.publishing.publisher.idle();
      const status = await stack.publishing.publisher.status();
      if (status.lastBuild?.durationMs) buildMs.push(status.lastBuild.durationMs);
      if (status.lastBuild?.timings) steps.push(status.lastBuild.timings);
      console.log(`  ${db} edit ${i + 1}/${targets.length}: live after ${latenciesMs.at(-1)} ms (build ${JSON.stringify(status.lastBuild?.timings)}, load ${load.at(-1)})`);
    }
    return { db, latenciesMs, buildMs, steps, load };
  } finally {
    await stack.destroy();
  }
}

const runs: Run[] = [];
for (const db of ['sqlite', 'postgres'] as const) runs.push(await measure(db));

const text = await writeBenchResult({
  name: 'publish-to-live',
  title: `Publish to live at ${SECTIONS} sections (${EDITS} edits)`,
  table: [
    ['database', 'median save → live (ms)', 'min', 'max', 'median build (ms)', 'of which: read Directus', 'render pages', 'write files', 'search index', 'load average'],
    ...runs.map((r) => [
      r.db,
      median(r.latenciesMs),
      Math.min(...r.latenciesMs),
      Math.max(...r.latenciesMs),
      median(r.buildMs),
      ...STEPS.map((step) => median(r.steps.map((s) => s[step] ?? 0))),
      `${Math.min(...r.load)}–${Math.max(...r.load)}`,
    ]),
  ],
  targets: runs.map((r) => ({ target: `${r.db}: median publish-to-live ≤ ${TARGET_MS} ms`, measured: `${median(r.latenciesMs)} ms`, met: median(r.latenciesMs) <= TARGET_MS })),
  data: runs,
  notes: [
    'Measured from sending the PATCH to the first poll (every 20 ms) of the static server that returns the new text.',
    `Includes the publisher's debounce (PUBLISH_DEBOUNCE_MS, 200 ms here; 300 ms by default).`,
    'Builds by the warm renderer (site/renderer/site-renderer.ts): the step columns are medians of its own timings per edit; the rest of a build is the model and bookkeeping, the rest of save → live is the debounce, the hook signal and the first poll that sees the page.',
  ],
});
console.log(text);
