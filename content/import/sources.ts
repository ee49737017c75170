import { stat } from 'node:fs/promises';
import { readUsers } from '@directus/sdk';
import { KbError } from '../../core/errors.js';
import { formatSourceMessage, type SourceMessage } from '../../core/source-message.js';
import type { SourceSection } from '../../core/source-section.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../platform/import-limits.js';
import { applyImportPlan, loadCurrentSections, type ApplyResult } from './apply.js';
import { giveCodes } from './give-codes.js';
import { oversizedWrites } from './payload-fit.js';
import { holdPublishing } from './publish-hold.js';
import { formatPlan, planImport, planWrites, type ImportPlan, type IncomingSection } from './plan.js';
import { loadDocsTree } from './tree.js';
import { loadSeedIndex } from './seed-file.js';
import { unreadableSource } from './unreadable.js';

/** A place to import from: a seed index file or a docs-tree folder. */
export interface ImportSource {
  path: string;
  /** How it is named in messages (as the user typed it). */
  label: string;
}


export interface LoadedSources {
  label: string;
  sections: SourceSection[];
  problems: SourceMessage[];
  warnings: SourceMessage[];
}

/** A source is not usable: every problem with its file:line; nothing was written. */
function badInput(problems: readonly SourceMessage[], label: string): KbError {
  const n = problems.length;
  return new KbError('bad-input', `${label}: ${n} problem${n === 1 ? '' : 's'}; nothing was imported`, {
    messages: problems,
    hint: `Fix ${n === 1 ? 'it' : 'them'} and run the import again.`,
  });
}

/** Editors changed sections the source would overwrite; nothing was written. */
function conflicts(plan: ImportPlan): KbError {
  const n = plan.counts.conflict;
  return new KbError(
    'conflict',
    `${n} section${n === 1 ? ' was' : 's were'} changed in Directus after ${n === 1 ? 'its' : 'their'} last import (or were made there by hand) and the file differs (listed in the plan above); nothing was written`,
    { hint: 'Bring the file in line with those edits, or run again with --force to overwrite them with the file.' },
  );
}

function logWarnings(warnings: readonly SourceMessage[], log: (line: string) => void): void {
  if (warnings.length === 0) return;
  log(`Warnings (${warnings.length}):`);
  for (const warning of warnings) log(`  ${formatSourceMessage(warning)}`);
}

/** Bad input is refused (its warnings printed with it) before Directus is even asked. */
export function refuseBadInput(loaded: LoadedSources, log: (line: string) => void = () => {}): void {
  if (loaded.problems.length === 0) return;
  logWarnings(loaded.warnings, log);
  throw badInput(loaded.problems, loaded.label);
}

async function isFolder(path: string, label: string): Promise<boolean> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadableSource(label, error, 'file or folder');
  });
  return info.isDirectory();
}

export interface LoadOptions {
  /** IMPORT_MAX_FILE_SIZE: larger files are a problem, not read. */
  maxFileBytes?: number;
}

async function loadOne(source: ImportSource, options: LoadOptions): Promise<LoadedSources> {
  if (await isFolder(source.path, source.label)) {
    const tree = await loadDocsTree(source.path, source.label, options);
    return { label: source.label, ...tree };
  }
  const index = await loadSeedIndex(source.path, source.label, options);
  return {
    label: source.label,
    sections: index.sections.map(({ level: _level, ...section }) => ({ ...section, file: source.label })),
    problems: index.problems,
    warnings: [],
  };
}

/**
 * Several sources make one import: later ones win field by field (a field a source does not
 * carry keeps the earlier value), so the result holds one section per code.
 */
export function mergeSources(lists: readonly (readonly SourceSection[])[]): SourceSection[] {
  const byCode = new Map<string, SourceSection>();
  for (const list of lists) {
    for (const section of list) {
      const earlier = byCode.get(section.code);
      if (!earlier || (earlier.weak && !section.weak)) {
        byCode.set(section.code, section);
        continue;
      }
      if (section.weak) continue;
      const id = section.id ?? earlier.id;
      const ownerName = section.ownerName ?? earlier.ownerName;
      const { id: _id, ownerName: _name, ...fields } = { ...earlier, ...section };
      byCode.set(section.code, {
        ...fields,
        extras: { ...(earlier.extras ?? {}), ...(section.extras ?? {}) },
        ...(id !== undefined ? { id } : {}),
        ...(ownerName !== undefined ? { ownerName } : {}),
      });
    }
  }
  return [...byCode.values()];
}

/** Reads every source; a duplicate code within one source is its own problem, across sources they merge. */
export async function loadSources(sources: readonly ImportSource[], options: LoadOptions = {}): Promise<LoadedSources> {
  const loaded: LoadedSources[] = [];
  for (const source of sources) loaded.push(await loadOne(source, options));
  return {
    label: sources.map((s) => s.label).join(' + '),
    sections: mergeSources(loaded.map((l) => l.sections)),
    problems: loaded.flatMap((l) => l.problems),
    warnings: loaded.flatMap((l) => l.warnings),
  };
}

interface UserRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns owners as written (an e-mail or a user id in the front matter; a person's name in a
 * Gramax property) into user ids. An owner that is written but unknown is a problem; a name
 * that matches nobody (or several people) only a warning, and the owner is left as it is.
 */
export function resolveOwners(sections: readonly SourceSection[], users: readonly UserRow[]): { sections: IncomingSection[]; problems: SourceMessage[]; warnings: SourceMessage[] } {
  const problems: SourceMessage[] = [];
  const warnings: SourceMessage[] = [];
  const byId = new Map(users.map((u) => [u.id.toLowerCase(), u]));
  const byEmail = new Map(users.filter((u) => u.email).map((u) => [String(u.email).toLowerCase(), u]));
  const byName = new Map<string, UserRow[]>();
  const addName = (name: string, user: UserRow) => {
    const key = name.trim().toLowerCase().replace(/ё/g, 'е');
    if (!key) return;
    const list = byName.get(key) ?? [];
    if (!list.includes(user)) list.push(user);
    byName.set(key, list);
  };
  for (const user of users) {
    addName(`${user.first_name ?? ''} ${user.last_name ?? ''}`, user);
    addName(`${user.last_name ?? ''} ${user.first_name ?? ''}`, user);
    addName(user.first_name ?? '', user);
  }
  const resolved = sections.map(({ ownerName, ...section }): IncomingSection => {
    const place = { file: section.file, line: section.line };
    const extras = { ...(section.extras ?? {}) };
    if (extras.owner !== undefined && extras.owner !== null) {
      const written = extras.owner.trim();
      const user = UUID.test(written) ? byId.get(written.toLowerCase()) : byEmail.get(written.toLowerCase());
      if (!user) {
        problems.push({
          ...place,
          message: `Ответственный «${written}» раздела ${section.code} не найден среди пользователей Directus: создайте пользователя с этим e-mail (или восстановите их из резервной копии) либо исправьте поле owner`,
        });
      } else extras.owner = user.id;
    } else if (extras.owner === undefined && ownerName) {
      const matches = byName.get(ownerName.toLowerCase().replace(/ё/g, 'е')) ?? [];
      if (matches.length === 1) extras.owner = (matches[0] as UserRow).id;
      else {
        warnings.push({
          ...place,
          message:
            matches.length === 0
              ? `Ответственный «${ownerName}» раздела ${section.code} не найден среди пользователей Directus: ответственный не меняется — назначьте его в Directus`
              : `Ответственный «${ownerName}» раздела ${section.code} неоднозначен (${matches.map((u) => u.email).join(', ')}): ответственный не меняется — назначьте его в Directus`,
        });
      }
    }
    const hasExtras = Object.keys(extras).length > 0;
    const { extras: _dropped, ...rest } = section;
    return hasExtras ? { ...rest, extras } : rest;
  });
  return { sections: resolved, problems, warnings };
}

async function loadUsers(client: CmsClient): Promise<UserRow[]> {
  return (await cmsRequest('read the users to match section owners', () => client.request(readUsers({ fields: ['id', 'email', 'first_name', 'last_name'], limit: -1 })))) as UserRow[];
}

export interface ImportOptions {
  client: CmsClient;
  dryRun?: boolean;
  force?: boolean;
  log?: (line: string) => void;
  /** Where the progress bar goes (only drawn on a terminal); null for none. */
  progress?: NodeJS.WriteStream | null;
  /** From the settings the import runs with (importLimitsFrom); Directus's defaults otherwise. */
  limits?: ImportLimits;
}

export interface ImportResult {
  plan: ImportPlan;
  /** null when nothing was written (dry run, or nothing to do). */
  applied: ApplyResult | null;
  warnings: SourceMessage[];
}

/**
 * plan → print the plan → apply only a clean plan. Bad input throws a `bad-input` KbError and
 * conflicts a `conflict` one, both before any write.
 */
export async function importLoaded(loaded: LoadedSources, { client, dryRun = false, force = false, log = () => {}, progress = process.stderr, limits = DEFAULT_IMPORT_LIMITS }: ImportOptions): Promise<ImportResult> {
  refuseBadInput(loaded, log);
  const current = await loadCurrentSections(client);
  // Articles without a number get their codes from what is stored, before anything is planned.
  const coded = giveCodes(loaded.sections, current);
  const needsUsers = coded.sections.some((s) => (s.extras?.owner ?? null) !== null || s.ownerName);
  const owners = resolveOwners(coded.sections, needsUsers ? await loadUsers(client) : []);
  const warnings = [...loaded.warnings, ...owners.warnings];
  logWarnings(warnings, log);
  const inputProblems = [...coded.problems, ...owners.problems];
  if (inputProblems.length > 0) throw badInput(inputProblems, loaded.label);

  const planned = { ...planImport(owners.sections, current, { force }), given: coded.given };
  // A section Directus would refuse for its size is a problem of the plan, not a failure halfway.
  const tooLarge = oversizedWrites(planned, limits.payload);
  const plan = tooLarge.length > 0 ? { ...planned, problems: [...planned.problems, ...tooLarge] } : planned;
  for (const line of formatPlan(plan, loaded.label)) log(line);
  if (plan.problems.length > 0) throw badInput(plan.problems, loaded.label);
  if (plan.counts.conflict > 0) throw conflicts(plan);
  if (dryRun) {
    log('Dry run: nothing was written.');
    return { plan, applied: null, warnings };
  }
  if (!planWrites(plan)) {
    log('Nothing to change: the knowledge base already matches the file.');
    return { plan, applied: null, warnings };
  }
  const started = Date.now();
  // Nothing of this run goes live until all of it is written: a run that stops midway keeps the
  // hold, released by the next complete run of the same sources or when it expires.
  const hold = await holdPublishing(client, loaded.label);
  let applied: ApplyResult;
  try {
    applied = await applyImportPlan({ client, plan, current, progress, maxPayloadBytes: limits.payload.bytes });
  } catch (error) {
    log(`Publishing is held until this import completes (run it again) or until ${hold.expiresAt.toISOString()}: the public site does not show a half-imported tree.`);
    throw error;
  }
  await hold.release();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Imported ${loaded.label}: created ${applied.created}, updated ${applied.updated}${applied.retracked ? `, marked ${applied.retracked} as imported` : ''} in ${seconds} s.`);
  return { plan, applied, warnings };
}

/** Reads, merges and imports several sources in one plan. */
export async function importSources(sources: readonly ImportSource[], options: ImportOptions): Promise<ImportResult> {
  return importLoaded(await loadSources(sources, { maxFileBytes: (options.limits ?? DEFAULT_IMPORT_LIMITS).maxFileBytes }), options);
}
