import { createHash } from 'node:crypto';
import { compareCodes, parentCodeOf } from '../../core/section-code.js';

/** One section as an import source describes it (the seed index today, other formats later). */
export interface IncomingSection {
  code: string;
  title: string;
  status: string;
  /** '' when the source has no text for it. */
  body: string;
  source: string | null;
  parentCode: string | null;
  /** Where it was read, for messages; optional because not every source has lines. */
  line?: number;
}

/** A stored section, with the fields the plan compares. */
export interface CurrentSection {
  id: string;
  code: string | null;
  title: string;
  status: string;
  body: string | null;
  parent: string | null;
  source: string | null;
  import_hash: string | null;
  date_updated: string | null;
  imported_at: string | null;
}

/** The fields an import owns; everything else on a section (owner, summary, due date…) is the editors'. */
export const IMPORTED_FIELDS = ['title', 'status', 'body', 'source', 'parent'] as const;
export type ImportedField = (typeof IMPORTED_FIELDS)[number];

export interface ImportedValues {
  title: string;
  status: string;
  body: string;
  source: string | null;
  parentCode: string | null;
}

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

export interface PlanProblem {
  code: string;
  line?: number;
  message: string;
}

export interface ImportPlan {
  /** Parents before their children. */
  entries: PlanEntry[];
  problems: PlanProblem[];
  counts: Record<PlanKind, number>;
}

export interface PlanOptions {
  /** Turns conflicts into updates: the file wins over editors' changes. */
  force?: boolean;
}

function normalised(values: ImportedValues): ImportedValues {
  return { ...values, body: values.body ?? '', source: values.source || null };
}

/** sha256 of the imported fields; the field order is fixed so the hash is stable across runs. */
export function importHash(values: ImportedValues): string {
  const v = normalised(values);
  return createHash('sha256').update(JSON.stringify([v.title, v.status, v.body, v.source, v.parentCode])).digest('hex');
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
  return changed;
}

export function incomingValues(section: IncomingSection): ImportedValues {
  return { title: section.title, status: section.status, body: section.body, source: section.source, parentCode: section.parentCode };
}

/**
 * Decides, per code, what an import would do, from what is stored now. Being derived from the
 * stored state alone is what makes an interrupted run converge: run it again and the work that
 * was done shows up as unchanged.
 */
export function planImport(incoming: readonly IncomingSection[], current: readonly CurrentSection[], options: PlanOptions = {}): ImportPlan {
  const problems: PlanProblem[] = [];
  const codeById = new Map(current.map((s) => [s.id, s.code]));
  const currentByCode = new Map<string, CurrentSection>();
  for (const section of current) if (section.code) currentByCode.set(section.code, section);

  const seen = new Map<string, IncomingSection>();
  for (const section of incoming) {
    const first = seen.get(section.code);
    if (first) {
      problems.push({
        code: section.code,
        line: section.line,
        message: `Код ${section.code} встречается дважды${first.line ? ` (впервые в строке ${first.line})` : ''}: у каждого раздела свой код — исправьте один из них`,
      });
      continue;
    }
    seen.set(section.code, section);
  }

  const entries: PlanEntry[] = [];
  for (const section of seen.values()) {
    const expectedParent = parentCodeOf(section.code);
    if (section.parentCode !== expectedParent) {
      problems.push({
        code: section.code,
        line: section.line,
        message: `Раздел ${section.code} указан под ${section.parentCode ?? 'корнем'}, а по коду его родитель ${expectedParent ?? 'корень'}: код раздела начинается с кода родителя`,
      });
      continue;
    }
    if (section.parentCode !== null && !seen.has(section.parentCode) && !currentByCode.has(section.parentCode)) {
      problems.push({
        code: section.code,
        line: section.line,
        message: `Раздел ${section.code} «${section.title}»: родительского раздела ${section.parentCode} нет ни в файле, ни в базе — добавьте его в файл или исправьте код`,
      });
      continue;
    }
    const values = incomingValues(section);
    const hash = importHash(values);
    const stored = currentByCode.get(section.code);
    if (!stored) {
      entries.push({ kind: 'create', code: section.code, incoming: section, hash });
      continue;
    }
    const storedValues: ImportedValues = {
      title: stored.title,
      status: stored.status,
      body: stored.body ?? '',
      source: stored.source,
      parentCode: stored.parent === null ? null : (codeById.get(stored.parent) ?? `?${stored.parent}`),
    };
    const storedHash = importHash(storedValues);
    if (storedHash === hash) {
      entries.push({ kind: 'unchanged', code: section.code, id: stored.id, hash, retrack: stored.import_hash !== hash });
      continue;
    }
    const changed = changedFields(storedValues, values);
    if (stored.import_hash === storedHash || options.force) {
      entries.push({ kind: 'update', code: section.code, id: stored.id, incoming: section, hash, changed, forced: stored.import_hash !== storedHash });
      continue;
    }
    entries.push({
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
    });
  }

  entries.sort((a, b) => compareCodes(a.code, b.code));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || compareCodes(a.code, b.code));
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
    for (const p of plan.problems) lines.push(`  ${p.line ? `line ${p.line}: ` : ''}${p.message}`);
  }
  return lines;
}
