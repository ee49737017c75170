import type { Knex } from 'knex';
import { pagePaths, subtreePaths } from '../../../../core/page-path.js';
import { buildTree } from '../../../../core/tree.js';
import { SectionsStore } from './sections-store.js';

/**
 * The page paths a move or a rename takes away, kept in `previous_paths` so the site redirects
 * from them (DESIGN.md: system fields). Before the write the section's subtree is read with the
 * paths it has now (core/page-path.ts, the site's own rule); inside the write's transaction, after
 * the subtree followed the new code, every section whose path changed gets its old one appended —
 * the section and each descendant, since a descendant's path starts with its ancestors'.
 *
 * Written with the transaction's own connection, not an item service: it is bookkeeping, so a
 * rename does not make every descendant "updated" (nor an import conflict); the write's own cache
 * purge comes after the commit.
 */

type Payload = Record<string, unknown>;
interface Context {
  database: Knex;
}
interface Registrar {
  filter<T>(event: string, handler: (payload: T, meta: Record<string, unknown>, context: Context) => Promise<T> | T): void;
  action(event: string, handler: (meta: Record<string, unknown>, context: Context) => void): void;
}

/** What the page path is made of; `title` only counts for a section without a stored slug. */
const PATH_FIELDS = ['parent', 'code', 'slug'];

function parsePaths(value: unknown): string[] {
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      list = [];
    }
  }
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

/** Old paths appended, the current one never kept as "old" (a section moved back home). */
export function nextPreviousPaths(stored: readonly string[], old: string, current: string): string[] {
  return [...new Set([...stored, old])].filter((path) => path !== current);
}

async function touchesPath(store: SectionsStore, id: string, payload: Payload): Promise<boolean> {
  if (PATH_FIELDS.some((field) => field in payload)) return true;
  if (!('title' in payload)) return false;
  const row = await store.get(id);
  return row !== null && !row.slug;
}

/** Registered after the workflow's own filters, so it sees the update as they prepared it. */
export function registerOldPaths({ filter, action }: Registrar, warn: (message: string) => void): void {
  // Section id → the paths of its subtree before the update that is running (the newest one wins).
  const before = new Map<string, Map<string, string>>();
  let hasColumn = false;

  filter<Payload>('sections.items.update', async (payload, meta, ctx) => {
    const keys = ((meta.keys as unknown[] | undefined) ?? []).map(String);
    if (keys.length !== 1) return payload;
    const id = keys[0] as string;
    const store = new SectionsStore(ctx.database);
    if (await touchesPath(store, id, payload)) before.set(id, subtreePaths(buildTree(await store.all()), id));
    return payload;
  });

  filter<Payload>('activity.create', async (payload, _meta, ctx) => {
    if (payload.collection !== 'sections' || payload.action !== 'update' || typeof payload.item !== 'string') return payload;
    const old = before.get(payload.item);
    if (!old || !ctx.database.isTransaction) return payload;
    before.delete(payload.item);
    const trx = ctx.database;
    // Until migration 0013 the column is not there; nothing is kept then.
    if (!hasColumn && !(hasColumn = await trx.schema.hasColumn('sections', 'previous_paths'))) return payload;
    const now = pagePaths(buildTree(await new SectionsStore(trx).all()));
    const moved = [...old].filter(([id, path]) => {
      const current = now.get(id)?.path;
      return current !== undefined && current !== path;
    });
    if (moved.length === 0) return payload;
    const rows = await trx('sections').select('id', 'previous_paths').whereIn('id', moved.map(([id]) => id));
    const stored = new Map(rows.map((row: { id: string; previous_paths: unknown }) => [String(row.id), parsePaths(row.previous_paths)]));
    for (const [id, path] of moved) {
      const paths = nextPreviousPaths(stored.get(id) ?? [], path, now.get(id)?.path as string);
      await trx('sections').where('id', id).update({ previous_paths: JSON.stringify(paths) });
    }
    return payload;
  });

  // An update that failed after the first filter leaves its snapshot; the next one replaces it,
  // and a finished one drops it (an update without an activity record keeps no old paths).
  action('sections.items.update', (meta) => {
    for (const key of ((meta.keys as unknown[] | undefined) ?? []).map(String)) {
      if (before.delete(key)) warn(`[sections-workflow] the old page paths of ${key} were not kept: its update wrote no activity record`);
    }
  });
}
