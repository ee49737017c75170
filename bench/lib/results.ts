import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../platform/paths.js';

export const resultsDir = join(repoRoot, 'bench/results');

export interface BenchResult {
  /** File name without extension: `site-build`, `publish-to-live`, … */
  name: string;
  title: string;
  /** What was measured, in a table people read; the first row is the header. */
  table: (string | number)[][];
  /** Targets from DESIGN.md and whether they were met. */
  targets: { target: string; measured: string; met: boolean }[];
  /** Raw numbers for tools. */
  data: unknown;
  notes?: string[];
}

// The load average is kept because a figure taken on a busy machine reads very differently.
function machine(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

function markdown(result: BenchResult, when: string): string {
  const [header = [], ...rows] = result.table;
  const lines = [`# ${result.title}`, '', `Measured ${when} on ${JSON.stringify(machine())}.`, ''];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  if (result.targets.length > 0) {
    lines.push('', '| target | measured | met |', '|---|---|---|');
    for (const t of result.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  }
  if (result.notes?.length) lines.push('', ...result.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Writes `bench/results/<name>.json` and `<name>.md`; returns the markdown. */
export async function writeBenchResult(result: BenchResult, now = new Date()): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const when = now.toISOString();
  const text = markdown(result, when);
  await writeFile(join(resultsDir, `${result.name}.json`), `${JSON.stringify({ ...result, measuredAt: when, machine: machine() }, null, 2)}\n`);
  await writeFile(join(resultsDir, `${result.name}.md`), text);
  return text;
}

/** Peak resident memory of this process and its waited-for children, in MiB (Linux `ru_maxrss`). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
