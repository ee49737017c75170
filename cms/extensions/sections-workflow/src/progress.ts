import type { Knex } from 'knex';
import type { SchemaOverview } from '@directus/types';
import { computeProgress, overallProgress, ownerProgress, withPercent } from '../../../../core/progress.js';
import { codeDepth } from '../../../../core/section-code.js';
import { isSectionStatus } from '../../../../core/status.js';
import { OVERALL_PROGRESS_ID } from '../../../../core/fixed-ids.js';
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
}

const COMPARED: (keyof ProgressRow)[] = ['kind', 'section', 'code', 'title', 'level', 'published', 'total', 'percent'];

export interface ProgressSource {
  id: string;
  parent: string | null;
  status: string;
  code: string | null;
  title: string;
  owner: string | null;
}

/**
 * Pure: the rows `section_progress` should hold. Sections and the tree count leaves (DESIGN.md);
 * an owner's row is core's ownerProgress (the site's owner pages and the report use it too).
 */
export function desiredProgressRows(sections: readonly ProgressSource[], ownerNames: ReadonlyMap<string, string>): ProgressRow[] {
  const items = sections.map((s) => ({ id: s.id, parent: s.parent, status: isSectionStatus(s.status) ? s.status : ('in_progress' as const) }));
  const progress = computeProgress(items);
  const rows: ProgressRow[] = sections.map((s) => {
    const p = withPercent(progress.get(s.id) ?? { published: 0, total: 0 });
    return { id: s.id, kind: 'section', section: s.id, code: s.code, title: s.title, level: s.code ? codeDepth(s.code) : 0, ...p };
  });
  rows.push({ id: OVERALL_PROGRESS_ID, kind: 'tree', section: null, code: null, title: 'Вся документация', level: 0, ...overallProgress(items) });

  const owned = ownerProgress(sections.map((s) => ({ owner: s.owner, status: isSectionStatus(s.status) ? s.status : 'in_progress' })));
  for (const [owner, progress] of owned) {
    if (owner === null) continue;
    rows.push({ id: owner, kind: 'owner', section: null, code: null, title: ownerNames.get(owner) ?? owner, level: 0, ...progress });
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
  const sections: ProgressSource[] = await database('sections').select('id', 'parent', 'status', 'code', 'title', 'owner');
  const users = await database('directus_users').select('id', 'first_name', 'last_name', 'email');
  const desired = desiredProgressRows(sections, new Map(users.map((u: Parameters<typeof displayName>[0] & { id: string }) => [String(u.id), displayName(u)])));
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
