import { readFile, stat } from 'node:fs/promises';
import { readItems } from '@directus/sdk';
import { InvalidInputError } from '../../core/parse-with.js';
import { parseSeedIndex, type SeedIndex, type SeedProblem } from '../../core/seed-index.js';
import { describeCmsError, type CmsClient } from './cms-client.js';
import { applyImportPlan, loadCurrentSections, type ApplyResult } from './import-apply.js';
import { formatPlan, planImport, planWrites, type ImportPlan } from './import-plan.js';

/** The seed file is not usable: every problem with its file:line, nothing was written. */
export class SeedInputError extends InvalidInputError {
  constructor(readonly problems: readonly SeedProblem[]) {
    const lines = problems.map(formatProblem);
    const file = problems[0]?.file ?? 'the file';
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported. Fix ${problems.length === 1 ? 'it' : 'them'} and run the import again:\n${lines.join('\n')}`,
      file,
      lines,
    );
    this.name = 'SeedInputError';
  }
}

/** Editors changed sections the file would overwrite; nothing was written. */
export class ImportConflictError extends Error {
  constructor(readonly plan: ImportPlan) {
    const n = plan.counts.conflict;
    super(
      `${n} section${n === 1 ? ' was' : 's were'} changed in Directus after ${n === 1 ? 'its' : 'their'} last import (or were made there by hand) and the file differs (listed in the plan above); nothing was written. ` +
        'Bring the file in line with those edits, or run again with --force to overwrite them with the file',
    );
    this.name = 'ImportConflictError';
  }
}

export function formatProblem(problem: SeedProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

function decodesAsUtf8(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** The first byte offset at which the bytes stop being UTF-8, or -1 when they all are. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  if (decodesAsUtf8(bytes, false)) return -1;
  // With stream, a prefix that cuts a multi-byte character is still valid; only a wrong byte fails.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (decodesAsUtf8(bytes.subarray(0, mid + 1), true)) low = mid + 1;
    else high = mid;
  }
  // `low` is the first byte that cannot continue; the broken character starts where the last
  // complete one ended (at most 3 bytes back), which is the byte worth naming.
  for (let start = low; start >= Math.max(0, low - 3); start--) {
    if (decodesAsUtf8(bytes.subarray(0, start), false)) return Math.min(start, bytes.length - 1);
  }
  return Math.min(low, bytes.length - 1);
}

function notUtf8Problem(bytes: Uint8Array, offset: number, file: string): SeedProblem {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  return {
    file,
    line,
    message: utf16
      ? 'Файл не в UTF-8, а в UTF-16 (метка порядка байтов в начале): пересохраните его в UTF-8 и повторите импорт'
      : `Файл не в UTF-8: в строке ${line} с байта ${byte} идут байты, невозможные в UTF-8 — вероятно, файл сохранён в Windows-1251 или другой однобайтовой кодировке. ` +
        `Пересохраните его в UTF-8 (например, \`iconv -f cp1251 -t utf-8\`) и повторите импорт`,
  };
}

/**
 * Reads and parses a seed index. A file that is missing or is not UTF-8 is refused here, before
 * anything is parsed, so a wrongly encoded file cannot import as mojibake.
 */
export async function loadSeedIndex(path: string, file: string = path): Promise<SeedIndex> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new InvalidInputError(
        `${file} is a folder; this import reads a seed index file (markdown, such as ../shared/seed/tapbot-docs-index.md)`,
        file,
        [`${file}: is a folder`],
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it may not be read (permissions)' : String((error as Error).message);
    throw new InvalidInputError(`Cannot read ${file}: ${why}. Check the path (relative paths start from the current folder)`, file, [`${file}: ${why}`]);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) return { sections: [], problems: [notUtf8Problem(bytes, invalid, file)] };
  return parseSeedIndex(new TextDecoder('utf-8').decode(bytes), file);
}

export interface ImportSeedOptions {
  client: CmsClient;
  /** Path to read. */
  path: string;
  /** How the file is named in messages (as the user typed it); defaults to the path. */
  file?: string;
  dryRun?: boolean;
  force?: boolean;
  log?: (line: string) => void;
  /** Where the progress bar goes (only drawn on a terminal); null for none. */
  progress?: NodeJS.WriteStream | null;
}

export interface ImportSeedResult {
  plan: ImportPlan;
  /** null when nothing was written (dry run, or nothing to do). */
  applied: ApplyResult | null;
}

/**
 * read → parse → plan → print the plan → apply only a clean plan. Bad input throws
 * SeedInputError and conflicts throw ImportConflictError, both before any write.
 */
export async function importSeed({ client, path, file = path, dryRun = false, force = false, log = () => {}, progress = process.stderr }: ImportSeedOptions): Promise<ImportSeedResult> {
  const index = await loadSeedIndex(path, file);
  if (index.problems.length > 0) throw new SeedInputError(index.problems);

  const current = await loadCurrentSections(client);
  const plan = planImport(index.sections, current, { force });
  for (const line of formatPlan(plan, file)) log(line);
  if (plan.problems.length > 0) {
    throw new SeedInputError(plan.problems.map((p) => ({ file, line: p.line ?? 1, message: p.message })));
  }
  if (plan.counts.conflict > 0) throw new ImportConflictError(plan);
  if (dryRun) {
    log('Dry run: nothing was written.');
    return { plan, applied: null };
  }
  if (!planWrites(plan)) {
    log('Nothing to change: the knowledge base already matches the file.');
    return { plan, applied: null };
  }
  const started = Date.now();
  const applied = await applyImportPlan({ client, plan, current, progress });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Imported ${file}: created ${applied.created}, updated ${applied.updated}${applied.retracked ? `, marked ${applied.retracked} as imported` : ''} in ${seconds} s.`);
  return { plan, applied };
}

export type SeedOnStart =
  | { outcome: 'imported'; result: ImportSeedResult }
  | { outcome: 'not-empty' }
  | { outcome: 'missing' };

/** What `npm start` does: fills an empty knowledge base from the seed, and leaves a used one alone. */
export async function importSeedIfEmpty(options: ImportSeedOptions): Promise<SeedOnStart> {
  const { client, path, file = path, log = () => {} } = options;
  let any: unknown[];
  try {
    any = await client.request(readItems('sections', { fields: ['id'], limit: 1 }));
  } catch (error) {
    throw new Error(`Could not check whether the knowledge base is empty: ${describeCmsError(error)}`, { cause: error });
  }
  if (any.length > 0) return { outcome: 'not-empty' };
  const exists = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!exists) {
    log(`The knowledge base is empty and the seed ${file} is not there: starting without content. Set SEED_FILE in .env, or import later with \`npm run import -- <file>\`.`);
    return { outcome: 'missing' };
  }
  log(`The knowledge base is empty: importing the seed ${file}…`);
  return { outcome: 'imported', result: await importSeed({ ...options, file }) };
}
