import type { Knex } from 'knex';
import type { SchemaOverview } from '@directus/types';
import { BROKEN_LINKS_COLLECTION, brokenLinkReason, checkSectionLinks, type LinkSource } from '../../../../core/link-check.js';

/** One row of `broken_links` (migration 0015): what the dashboard's panels list. */
export interface BrokenLinkRow {
  section: string | null;
  code: string;
  title: string;
  line: number;
  target: string;
  reason: string;
  why: string;
  sort: number;
}

type Section = LinkSource & { id: string };

const COMPARED: (keyof BrokenLinkRow)[] = ['section', 'code', 'title', 'line', 'target', 'reason', 'why', 'sort'];
const keyOf = (row: Pick<BrokenLinkRow, 'section' | 'line' | 'target' | 'reason'>) => `${row.section ?? ''}\n${row.line}\n${row.target}\n${row.reason}`;

/** Pure: the rows `broken_links` should hold — the site build's own check over the stored sections. */
export function desiredBrokenLinkRows(sections: readonly Section[]): BrokenLinkRow[] {
  const idOf = new Map(sections.map((s) => [s.code, s.id]));
  return checkSectionLinks(sections).map((link, sort) => ({
    section: idOf.get(link.code) ?? null,
    code: link.code,
    title: link.title.slice(0, 255),
    line: link.line,
    target: link.target.slice(0, 2048),
    reason: link.reason,
    why: brokenLinkReason(link).slice(0, 255),
    sort,
  }));
}

/** SQLite keeps JSON as text, PostgreSQL hands it parsed. */
function codesOf(value: unknown): string[] | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : null;
}

interface ItemsServiceLike {
  createMany(data: Record<string, unknown>[], opts?: Record<string, unknown>): Promise<unknown>;
  updateBatch(data: Record<string, unknown>[], opts?: Record<string, unknown>): Promise<unknown>;
  deleteMany(keys: (string | number)[], opts?: Record<string, unknown>): Promise<unknown>;
}

export interface BrokenLinksDeps {
  database: Knex;
  itemsService: (collection: string, schema: SchemaOverview) => ItemsServiceLike;
}

/** Brings `broken_links` up to date with the stored texts; before migration 0015 there is nothing to keep. */
export async function syncBrokenLinks({ database, itemsService }: BrokenLinksDeps, schema: SchemaOverview): Promise<void> {
  if (!schema.collections[BROKEN_LINKS_COLLECTION]) return;
  const stored: Record<string, unknown>[] = await database('sections').select('id', 'parent', 'code', 'title', 'slug', 'status', 'body', 'previous_codes', 'previous_paths', 'source');
  const sections: Section[] = stored
    .filter((s) => typeof s.code === 'string' && s.code !== '')
    .map((s) => ({
      id: String(s.id),
      parent: s.parent === null || s.parent === undefined ? null : String(s.parent),
      code: String(s.code),
      title: String(s.title ?? ''),
      slug: typeof s.slug === 'string' ? s.slug : null,
      status: String(s.status),
      body: typeof s.body === 'string' ? s.body : null,
      previous_codes: codesOf(s.previous_codes),
      previous_paths: codesOf(s.previous_paths),
      source: typeof s.source === 'string' ? s.source : null,
    }));
  const desired = desiredBrokenLinkRows(sections);
  const existing = new Map<string, BrokenLinkRow & { id: number }>();
  for (const row of (await database(BROKEN_LINKS_COLLECTION).select('*')) as (BrokenLinkRow & { id: number })[]) existing.set(keyOf(row), row);
  const create: BrokenLinkRow[] = [];
  const update: (BrokenLinkRow & { id: number })[] = [];
  for (const row of desired) {
    const current = existing.get(keyOf(row));
    existing.delete(keyOf(row));
    if (!current) create.push(row);
    else if (COMPARED.some((key) => String(current[key] ?? '') !== String(row[key] ?? ''))) update.push({ ...row, id: current.id });
  }
  const service = itemsService(BROKEN_LINKS_COLLECTION, schema);
  // Through the service (not raw SQL) so Directus's cache, Redis included, drops stale panels.
  if (existing.size > 0) await service.deleteMany([...existing.values()].map((row) => row.id), { emitEvents: false });
  if (create.length > 0) await service.createMany(create as unknown as Record<string, unknown>[], { emitEvents: false });
  if (update.length > 0) await service.updateBatch(update as unknown as Record<string, unknown>[], { emitEvents: false });
}
