import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SECTION_EXTRA_FIELDS as EXTRA_FIELDS, storedSectionSchema, type SectionExtraField as ExtraField, type SectionExtras } from '../../core/section-record.js';
import { compareCodes, parentCodeOf } from '../../core/section-code.js';
import { slugify } from '../../core/slug.js';
import { compareSourceMessages, formatSourceMessage, type SourceMessage } from '../../core/source-message.js';
import type { SourceSection } from '../../core/source-section.js';
import type { GivenCode } from './give-codes.js';

/** A section as a source describes it, its owner (if any) already a user id (`extras.owner`). */
export type IncomingSection = Omit<SourceSection, 'ownerName'>;

/** A stored section, with the fields the plan compares; read with these fields and parsed. */
export const currentSectionSchema = storedSectionSchema.pick({
  id: true, code: true, title: true, status: true, body: true, parent: true, source: true, import_hash: true,
  date_updated: true, imported_at: true, owner: true, summary: true, slug: true, due_date: true, previous_codes: true, previous_paths: true, user_created: true,
});

export type CurrentSection = z.output<typeof currentSectionSchema>;

export const CURRENT_SECTION_FIELDS = Object.keys(currentSectionSchema.shape) as (keyof CurrentSection)[];

/**
 * The fields every import owns. The rest (owner, summary, due date…) are the editors' unless a
 * source carries them (EXTRA_FIELDS); `code` changes only when a section is matched by id.
 */
export const IMPORTED_FIELDS = ['title', 'status', 'body', 'source', 'parent'] as const;
export type ImportedField = (typeof IMPORTED_FIELDS)[number] | ExtraField | 'code';

/** What an import writes and hashes; `extras` only those the source carries (none for the seed, so its hashes stay). */
export type ImportedValues = Pick<IncomingSection, 'title' | 'status' | 'body' | 'source' | 'parentCode' | 'extras'>;

export type PlanEntry =
  | { kind: 'create'; code: string; incoming: IncomingSection; hash: string }
  | { kind: 'update'; code: string; id: string; incoming: IncomingSection; hash: string; changed: ImportedField[]; forced: boolean }
  /** `retrack`: the content already matches but the stored hash does not, so only the hash is written. */
  | { kind: 'unchanged'; code: string; id: string; hash: string; retrack: boolean }
  | {
      kind: 'conflict';
      code: string;
      id: string;
      incoming: IncomingSection;
      hash: string;
      changed: ImportedField[];
      /** `edited`: changed in Directus after its last import; `not-imported`: made by hand, never imported. */
      reason: 'edited' | 'not-imported';
      title: string;
      dateUpdated: string | null;
      importedAt: string | null;
    };

export type PlanKind = PlanEntry['kind'];

/** A source message about one code of the plan. */
export type PlanProblem = SourceMessage & { code: string };

export interface ImportPlan {
  /** Parents before their children. */
  entries: PlanEntry[];
  problems: PlanProblem[];
  counts: Record<PlanKind, number>;
  /** Codes given to articles without a number (give-codes.ts), when the import gave any. */
  given?: readonly GivenCode[];
}

export interface PlanOptions {
  /** Turns conflicts into updates: the file wins over editors' changes. */
  force?: boolean;
}

/** One spelling per value: '' and null are the same text, no previous codes is [] and null. */
function extraValue(field: ExtraField, value: unknown): unknown {
  if (field === 'previous_codes' || field === 'previous_paths') return Array.isArray(value) ? value : [];
  if (value === undefined || value === null || value === '') return null;
  if (field === 'due_date') return String(value).slice(0, 10);
  return value;
}

function normalised(values: ImportedValues): ImportedValues {
  return { ...values, body: values.body ?? '', source: values.source || null };
}

function carried(extras: SectionExtras | undefined): ExtraField[] {
  return extras ? EXTRA_FIELDS.filter((field) => field in extras) : [];
}

/**
 * sha256 of the imported fields; the field order is fixed so the hash is stable across runs.
 * Extras join the hash only when the source carries them, so a seed's hashes never change.
 */
export function importHash(values: ImportedValues): string {
  const v = normalised(values);
  const fields = carried(v.extras);
  const base: unknown[] = [v.title, v.status, v.body, v.source, v.parentCode];
  if (fields.length > 0) base.push(Object.fromEntries(fields.map((f) => [f, extraValue(f, v.extras?.[f])])));
  return createHash('sha256').update(JSON.stringify(base)).digest('hex');
}

function changedFields(before: ImportedValues, after: ImportedValues): ImportedField[] {
  const a = normalised(before);
  const b = normalised(after);
  const changed: ImportedField[] = [];
  if (a.title !== b.title) changed.push('title');
  if (a.status !== b.status) changed.push('status');
  if (a.body !== b.body) changed.push('body');
  if (a.source !== b.source) changed.push('source');
  if (a.parentCode !== b.parentCode) changed.push('parent');
  for (const field of carried(b.extras)) {
    if (JSON.stringify(extraValue(field, a.extras?.[field])) !== JSON.stringify(extraValue(field, b.extras?.[field]))) changed.push(field);
  }
  return changed;
}

export function incomingValues(section: IncomingSection): ImportedValues {
  return {
    title: section.title,
    status: section.status,
    body: section.body,
    source: section.source,
    parentCode: section.parentCode,
    ...(section.extras && carried(section.extras).length > 0 ? { extras: section.extras } : {}),
  };
}

function storedValues(stored: CurrentSection, parentCode: string | null, fields: readonly ExtraField[]): ImportedValues {
  const values: ImportedValues = { title: stored.title, status: stored.status, body: stored.body ?? '', source: stored.source, parentCode };
  if (fields.length > 0) values.extras = Object.fromEntries(fields.map((f) => [f, stored[f] ?? null])) as SectionExtras;
  return values;
}

// Every subset of the extras, largest first: which of them the last import wrote is not stored,
// only the hash of what it wrote, so the hash is tried against each combination.
const EXTRA_SUBSETS: ExtraField[][] = Array.from({ length: 1 << EXTRA_FIELDS.length }, (_, mask) =>
  EXTRA_FIELDS.filter((_, i) => mask & (1 << i)),
).sort((a, b) => b.length - a.length);

/**
 * The extras the last import wrote and nobody changed since, or null when an editor changed
 * an imported field (or the section was never imported): the fields an update may overwrite.
 */
function untouchedExtras(stored: CurrentSection, parentCode: string | null): Set<ExtraField> | null {
  if (!stored.import_hash) return null;
  for (const subset of EXTRA_SUBSETS) {
    if (importHash(storedValues(stored, parentCode, subset)) === stored.import_hash) return new Set(subset);
  }
  return null;
}

function isExtra(field: ImportedField): field is ExtraField {
  return (EXTRA_FIELDS as readonly string[]).includes(field);
}

/**
 * A field still at what Directus gave it on creation (the creator as owner, no summary, the
 * slug of the title …) was not set by an editor, so a source may set it without a conflict.
 */
function atDefault(field: ExtraField, stored: CurrentSection): boolean {
  switch (field) {
    case 'owner':
      return !stored.owner || stored.owner === stored.user_created;
    case 'slug':
      return !stored.slug || stored.slug === slugify(stored.title);
    case 'previous_codes':
    case 'previous_paths':
      return !stored[field] || (stored[field] as string[]).length === 0;
    default:
      return stored[field] === null || stored[field] === undefined || stored[field] === '';
  }
}

/** What is stored now, looked up the ways a plan needs. */
interface StoredIndex {
  codeById: Map<string, string | null>;
  byId: Map<string, CurrentSection>;
  byCode: Map<string, CurrentSection>;
  withChildren: Set<string>;
}

function indexStored(current: readonly CurrentSection[]): StoredIndex {
  const byCode = new Map<string, CurrentSection>();
  for (const section of current) if (section.code) byCode.set(section.code, section);
  return {
    codeById: new Map(current.map((s) => [s.id, s.code])),
    byId: new Map(current.map((s) => [s.id, s])),
    byCode,
    withChildren: new Set(current.map((s) => s.parent).filter((p): p is string => p !== null)),
  };
}

function problemAt(section: IncomingSection, message: string): PlanProblem {
  return { code: section.code, file: section.file, line: section.line, message };
}

/** The first section of each code; a code given twice is a problem at its second place. */
function firstOfEachCode(incoming: readonly IncomingSection[], problems: PlanProblem[]): Map<string, IncomingSection> {
  const seen = new Map<string, IncomingSection>();
  for (const section of incoming) {
    const first = seen.get(section.code);
    if (!first) seen.set(section.code, section);
    else {
      const firstPlace = first.line ? ` (впервые в ${first.file ? `${first.file}:` : 'строке '}${first.line})` : '';
      problems.push(problemAt(section, `Код ${section.code} встречается дважды${firstPlace}: у каждого раздела свой код — исправьте один из них`));
    }
  }
  return seen;
}

/** Why a section cannot stand where its code puts it, or null. */
function placementProblem(section: IncomingSection, seen: ReadonlyMap<string, IncomingSection>, index: StoredIndex): string | null {
  const expectedParent = parentCodeOf(section.code);
  if (section.parentCode !== expectedParent) {
    return `Раздел ${section.code} указан под ${section.parentCode ?? 'корнем'}, а по коду его родитель ${expectedParent ?? 'корень'}: код раздела начинается с кода родителя`;
  }
  if (section.parentCode !== null && !seen.has(section.parentCode) && !index.byCode.has(section.parentCode)) {
    return `Раздел ${section.code} «${section.title}»: родительского раздела ${section.parentCode} нет ни в файле, ни в базе — добавьте его в файл или исправьте код`;
  }
  return null;
}

/**
 * Old codes only accumulate (Directus adds one on every move, the site redirects from them):
 * an import adds the ones its source knows and never drops one, also the code it moves from.
 */
function withPreviousCodes(section: IncomingSection, stored: CurrentSection, moved: boolean): IncomingSection {
  const withPaths = withPreviousPaths(section, stored);
  if (!withPaths.extras || !('previous_codes' in withPaths.extras)) return withPaths;
  const previous = [...new Set([...(stored.previous_codes ?? []), ...(withPaths.extras.previous_codes ?? []), ...(moved && stored.code ? [stored.code] : [])])];
  return { ...withPaths, extras: { ...withPaths.extras, previous_codes: previous.filter((c) => c !== section.code) } };
}

/** Old page paths the same way: the hook adds one on every move and rename, an import only adds. */
function withPreviousPaths(section: IncomingSection, stored: CurrentSection): IncomingSection {
  if (!section.extras || !('previous_paths' in section.extras)) return section;
  const previous = [...new Set([...(stored.previous_paths ?? []), ...(section.extras.previous_paths ?? [])])];
  return { ...section, extras: { ...section.extras, previous_paths: previous } };
}

/** Why a stored section cannot take the new code its source gives it, or null. */
function moveProblem(section: IncomingSection, stored: CurrentSection, index: StoredIndex): string | null {
  const holder = index.byCode.get(section.code);
  if (holder && holder.id !== stored.id) {
    return `Раздел ${stored.code ?? '?'} (id ${stored.id}) получил в источнике код ${section.code}, а этот код в базе у другого раздела «${holder.title}»: обменять коды за один импорт нельзя — сначала освободите код в Directus`;
  }
  if (index.withChildren.has(stored.id)) {
    return `Раздел ${stored.code ?? '?'} «${stored.title}» с подразделами получил в источнике код ${section.code}: перенос с подразделами через импорт не делается — перенесите раздел в Directus (подразделы последуют) и выгрузите дерево заново`;
  }
  return null;
}

/** Unchanged, an update, or a conflict with an editor's change: a section that is stored already. */
function planStored(section: IncomingSection, stored: CurrentSection, moved: boolean, index: StoredIndex, options: PlanOptions): PlanEntry {
  const values = incomingValues(section);
  const hash = importHash(values);
  const fields = carried(section.extras);
  const parentCode = stored.parent === null ? null : (index.codeById.get(stored.parent) ?? `?${stored.parent}`);
  const before = storedValues(stored, parentCode, fields);
  const untouched = untouchedExtras(stored, parentCode);
  if (importHash(before) === hash && !moved) {
    // Re-recorded only when an editor's change made the stored hash stale; otherwise writing
    // it would just make every section look freshly edited by whoever ran the import.
    return { kind: 'unchanged', code: section.code, id: stored.id, hash, retrack: stored.import_hash !== hash && untouched === null };
  }
  const changed: ImportedField[] = [...(moved ? (['code'] as const) : []), ...changedFields(before, values)];
  // Previous codes and paths only grow (see withPreviousCodes), so adding to them never undoes anyone's work.
  const clean = untouched !== null && changed.every((field) => !isExtra(field) || field === 'previous_codes' || field === 'previous_paths' || untouched.has(field) || atDefault(field, stored));
  if (clean || options.force) return { kind: 'update', code: section.code, id: stored.id, incoming: section, hash, changed, forced: !clean };
  return {
    kind: 'conflict',
    code: section.code,
    id: stored.id,
    incoming: section,
    hash,
    changed,
    reason: stored.import_hash ? 'edited' : 'not-imported',
    title: stored.title,
    dateUpdated: stored.date_updated,
    importedAt: stored.imported_at,
  };
}

/**
 * Decides, per code, what an import would do, from what is stored now. Being derived from the
 * stored state alone is what makes an interrupted run converge: run it again and the work that
 * was done shows up as unchanged.
 */
export function planImport(incoming: readonly IncomingSection[], current: readonly CurrentSection[], options: PlanOptions = {}): ImportPlan {
  const problems: PlanProblem[] = [];
  const index = indexStored(current);
  const seen = firstOfEachCode(incoming, problems);
  const entries: PlanEntry[] = [];
  for (const given of seen.values()) {
    const misplaced = placementProblem(given, seen, index);
    if (misplaced) {
      problems.push(problemAt(given, misplaced));
      continue;
    }
    const stored = (given.id ? index.byId.get(given.id) : undefined) ?? index.byCode.get(given.code);
    if (given.weak && (stored || index.byCode.has(given.code))) continue;
    if (!stored) {
      entries.push({ kind: 'create', code: given.code, incoming: given, hash: importHash(incomingValues(given)) });
      continue;
    }
    const moved = stored.code !== given.code;
    const section = withPreviousCodes(given, stored, moved);
    const blocked = moved ? moveProblem(section, stored, index) : null;
    if (blocked) problems.push(problemAt(section, blocked));
    else entries.push(planStored(section, stored, moved, index, options));
  }

  entries.sort((a, b) => compareCodes(a.code, b.code));
  problems.sort((a, b) => compareSourceMessages(a, b) || compareCodes(a.code, b.code));
  const counts: Record<PlanKind, number> = { create: 0, update: 0, unchanged: 0, conflict: 0 };
  for (const entry of entries) counts[entry.kind] += 1;
  return { entries, problems, counts };
}

/** Whether applying the plan would write anything. */
export function planWrites(plan: ImportPlan): boolean {
  return plan.entries.some((e) => e.kind === 'create' || e.kind === 'update' || (e.kind === 'unchanged' && e.retrack));
}

function describeConflict(entry: Extract<PlanEntry, { kind: 'conflict' }>): string {
  const why =
    entry.reason === 'edited'
      ? `changed in Directus after its last import${entry.dateUpdated ? ` (updated ${entry.dateUpdated}, imported ${entry.importedAt ?? '?'})` : ''}`
      : 'made in Directus by hand, never imported';
  const title = entry.changed.includes('title') ? `«${entry.title}» → «${entry.incoming.title}»` : `«${entry.title}»`;
  return `${entry.code} ${title}: ${why}; the file differs in ${entry.changed.join(', ')}`;
}

/** The plan as people read it: counts, then every update and conflict by code. */
export function formatPlan(plan: ImportPlan, file: string): string[] {
  const { counts } = plan;
  const total = plan.entries.length;
  const lines = [
    `Import plan for ${file} (${total} section${total === 1 ? '' : 's'}):`,
    `  create     ${counts.create}`,
    `  update     ${counts.update}`,
    `  unchanged  ${counts.unchanged}`,
    `  conflict   ${counts.conflict}`,
  ];
  const given = plan.given ?? [];
  const fresh = given.filter((g) => g.how === 'new');
  if (fresh.length > 0) {
    lines.push('Codes for articles without a number:');
    for (const g of fresh) lines.push(`  ${g.path} → ${g.code} «${g.title}»`);
  }
  const kept = given.length - fresh.length;
  if (kept > 0) lines.push(`  (${kept} article${kept === 1 ? '' : 's'} without a number keep${kept === 1 ? 's' : ''} the code given before, found by ${kept === 1 ? 'its' : 'their'} source path)`);
  const updates = plan.entries.filter((e): e is Extract<PlanEntry, { kind: 'update' }> => e.kind === 'update');
  if (updates.length > 0) {
    lines.push('Updates:');
    for (const u of updates) {
      lines.push(`  ~ ${u.code} «${u.incoming.title}»: ${u.changed.join(', ')}${u.forced ? ' (overwrites edits made in Directus: --force)' : ''}`);
    }
  }
  const conflicts = plan.entries.filter((e): e is Extract<PlanEntry, { kind: 'conflict' }> => e.kind === 'conflict');
  if (conflicts.length > 0) {
    lines.push('Conflicts (not overwritten without --force):');
    for (const c of conflicts) lines.push(`  ! ${describeConflict(c)}`);
  }
  const retracked = plan.entries.filter((e) => e.kind === 'unchanged' && e.retrack).length;
  if (retracked > 0) lines.push(`  (${retracked} unchanged section${retracked === 1 ? '' : 's'} already match the file and will be marked as imported)`);
  if (plan.problems.length > 0) {
    lines.push('Problems:');
    for (const p of plan.problems) lines.push(`  ${formatSourceMessage(p)}`);
  }
  return lines;
}
