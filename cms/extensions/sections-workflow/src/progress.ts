import type { Knex } from 'knex';
import type { SchemaOverview } from '@directus/types';
import { computeProgress, overallProgress, ownerProgress, withPercent } from '../../../../core/progress.js';
import { codeDepth } from '../../../../core/section-code.js';
import { isSectionStatus } from '../../../../core/status.js';
import { OVERALL_PROGRESS_ID } from '../../../../core/fixed-ids.js';
import { figureClock, type FigureClock } from '../../../../core/section-figures.js';
import { syncBrokenLinks } from './broken-links.js';

/** `tree`: the whole documentation; `section`: one section's subtree; `owner`: one person's sections. */
type ProgressKind = 'tree' | 'section' | 'owner';

interface ProgressRow {
  id: string;
  kind: ProgressKind;
  section: string | null;
  code: string | null;
  title: string | null;
  level: number;
  published: number;
  total: number;
  percent: number;
  /** An owner's figures (core ownerProgress); 0 on the other rows. */
  open: number;
  review: number;
  overdue: number;
  stale: number;
}

const COMPARED: (keyof ProgressRow)[] = ['kind', 'section', 'code', 'title', 'level', 'published', 'total', 'percent', 'open', 'review', 'overdue', 'stale'];
const NO_OWNER_FIGURES = { open: 0, review: 0, overdue: 0, stale: 0 };

export interface ProgressSource {
  id: string;
  parent: string | null;
  status: string;
  code: string | null;
  title: string;
  owner: string | null;
  due_date?: string | null;
  date_created?: string | null;
  date_updated?: string | null;
  pending_edits?: number | null;
}

/**
 * Pure: the rows `section_progress` should hold. Sections and the tree count leaves (DESIGN.md);
 * an owner's row is core's ownerProgress (the site's owner pages and the report use it too).
 */
export function desiredProgressRows(sections: readonly ProgressSource[], ownerNames: ReadonlyMap<string, string>, clock: FigureClock = figureClock(new Date())): ProgressRow[] {
  const items = sections.map((s) => ({ id: s.id, parent: s.parent, status: isSectionStatus(s.status) ? s.status : ('in_progress' as const) }));
  const progress = computeProgress(items);
  const rows: ProgressRow[] = sections.map((s) => {
    const p = withPercent(progress.get(s.id) ?? { published: 0, total: 0 });
    return { id: s.id, kind: 'section', section: s.id, code: s.code, title: s.title, level: s.code ? codeDepth(s.code) : 0, ...p, ...NO_OWNER_FIGURES };
  });
  rows.push({ id: OVERALL_PROGRESS_ID, kind: 'tree', section: null, code: null, title: 'Вся документация', level: 0, ...overallProgress(items), ...NO_OWNER_FIGURES });

  // As the database returns them: a Date (PostgreSQL), epoch milliseconds or `YYYY-MM-DD HH:MM:SS` in UTC (SQLite).
  const dated = (d: unknown): string | null => {
    if (d === null || d === undefined) return null;
    if (d instanceof Date) return d.toISOString();
    if (typeof d === 'number') return new Date(d).toISOString();
    const text = String(d);
    return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  };
  const owned = ownerProgress(
    sections.map((s) => ({
      owner: s.owner,
      status: isSectionStatus(s.status) ? s.status : 'in_progress',
      due_date: dated(s.due_date),
      date_created: dated(s.date_created),
      date_updated: dated(s.date_updated),
      pending_edits: Number(s.pending_edits ?? 0),
    })),
    clock,
  );
  for (const [owner, figures] of owned) {
    if (owner === null) continue;
    const { published, total, percent, open, review, overdue, stale } = figures;
    rows.push({ id: owner, kind: 'owner', section: null, code: null, title: ownerNames.get(owner) ?? owner, level: 0, published, total, percent, open, review, overdue, stale });
  }
  return rows;
}

function displayName(user: { first_name: string | null; last_name: string | null; email: string | null }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email || '—';
}

interface ItemsServiceLike {
  createMany(data: Record<string, unknown>[], opts?: Record<string, unknown>): Promise<unknown>;
  updateBatch(data: Record<string, unknown>[], opts?: Record<string, unknown>): Promise<unknown>;
  deleteMany(keys: (string | number)[], opts?: Record<string, unknown>): Promise<unknown>;
}

export interface ProgressDeps {
  database: Knex;
  getSchema: () => Promise<SchemaOverview>;
  itemsService: (collection: string, schema: SchemaOverview) => ItemsServiceLike;
  onError: (error: unknown) => void;
}

async function recompute(deps: ProgressDeps): Promise<void> {
  const schema = await deps.getSchema();
  await recomputeProgress(deps, schema);
  // The dashboard's broken links follow the same changes (a text, a title, a move, a status).
  await syncBrokenLinks(deps, schema);
}

async function recomputeProgress({ database, itemsService }: ProgressDeps, schema: SchemaOverview): Promise<void> {
  // Before migration 0004 the table does not exist yet: nothing to keep up to date.
  if (!schema.collections.section_progress) return;
  // The owners' figures (migration 0019) need the dates and the pending edits; before 0019 rows have no such columns.
  const withFigures = await database.schema.hasColumn('section_progress', 'open');
  const sections: ProgressSource[] = await database('sections').select(
    withFigures ? ['id', 'parent', 'status', 'code', 'title', 'owner', 'due_date', 'date_created', 'date_updated', 'pending_edits'] : ['id', 'parent', 'status', 'code', 'title', 'owner'],
  );
  const users = await database('directus_users').select('id', 'first_name', 'last_name', 'email');
  const desired = desiredProgressRows(sections, new Map(users.map((u: Parameters<typeof displayName>[0] & { id: string }) => [String(u.id), displayName(u)])))
    .map((row) => (withFigures ? row : (({ open: _o, review: _r, overdue: _d, stale: _s, ...rest }) => rest)(row) as ProgressRow));
  const existing = new Map<string, ProgressRow>((await database('section_progress').select('*')).map((row: ProgressRow) => [String(row.id), row]));
  const create: ProgressRow[] = [];
  const update: ProgressRow[] = [];
  for (const row of desired) {
    const current = existing.get(row.id);
    existing.delete(row.id);
    if (!current) create.push(row);
    else if (COMPARED.some((key) => String(current[key] ?? '') !== String(row[key] ?? ''))) update.push(row);
  }
  const service = itemsService('section_progress', schema);
  // Through the service (not raw SQL) so Directus's cache, Redis included, drops stale panels.
  if (create.length > 0) await service.createMany(create as unknown as Record<string, unknown>[], { emitEvents: false });
  if (update.length > 0) await service.updateBatch(update as unknown as Record<string, unknown>[], { emitEvents: false });
  if (existing.size > 0) await service.deleteMany([...existing.keys()], { emitEvents: false });
}

/**
 * Recomputes progress and the broken links shortly after writes, coalescing bursts (an import of thousands of
 * sections triggers one recomputation, not thousands). Each instance recomputes after its own
 * writes from the shared database, so several instances converge on the same figures.
 */
export function createProgressScheduler(deps: ProgressDeps, delayMs = 200): { schedule(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  const run = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await recompute(deps);
    } catch (error) {
      deps.onError(error);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
  };
  return { schedule };
}
