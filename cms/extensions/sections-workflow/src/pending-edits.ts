import type { Knex } from 'knex';
import { PENDING_EDITS_FIELD, pendingVersionCounts } from '../../../../core/review-queue.js';

type Action = (event: string, handler: (meta: Record<string, unknown>) => void | Promise<void>) => void;

export interface PendingEditsDeps {
  action: Action;
  database: Knex;
  /** Drops Directus's cached answers (Redis included) after a count changed behind the item services. */
  purgeCache: () => Promise<void>;
  mainHash: MainHash;
  /** The count changed: the dashboard's per-owner figures follow it. */
  changed: () => void;
  warn: (message: string) => void;
}

function parseDelta(delta: unknown): unknown {
  if (typeof delta !== 'string') return delta;
  try {
    return JSON.parse(delta) as unknown;
  } catch {
    return null;
  }
}

/** Directus's hash of a live section, as its versions keep it to tell the CTO the section changed since. */
export type MainHash = (id: string) => Promise<string>;

/**
 * Recounts the pending edits (core/review-queue.ts) of the given sections, or of every section with
 * a count or a version when `ids` is null, straight in the database: a count is no editor's change,
 * so no revision, no `date_updated` (the section's own "last changed" stays the student's or the
 * CTO's), no publish. Returns how many sections' counts changed.
 */
export async function recountPendingEdits(database: Knex, ids: readonly string[] | null, mainHash?: MainHash, purgeCache?: () => Promise<void>): Promise<number> {
  if (!(await database.schema.hasColumn('sections', PENDING_EDITS_FIELD))) return 0;
  const versionRows: { item: string; delta: unknown }[] = await database('directus_versions')
    .select('item', 'delta')
    .where('collection', 'sections')
    .modify((q) => (ids === null ? q : q.whereIn('item', [...ids])));
  const targets = ids === null
    ? [...new Set([...versionRows.map((v) => String(v.item)), ...(await database('sections').select('id').where(PENDING_EDITS_FIELD, '>', 0)).map((r: { id: string }) => String(r.id))])]
    : [...ids];
  if (targets.length === 0) return 0;
  const rows: Record<string, unknown>[] = await database('sections').select('*').whereIn('id', targets);
  const sections = new Map(rows.map((row) => [String(row.id), row]));
  const counts = pendingVersionCounts(versionRows.map((v) => ({ item: String(v.item), delta: parseDelta(v.delta) })), sections);
  let changed = 0;
  for (const [id, row] of sections) {
    const count = counts.get(id) ?? 0;
    if (Number(row[PENDING_EDITS_FIELD] ?? 0) === count) continue;
    // The count is part of the item Directus hashes for its versions: a version that was up to date
    // with the section stays so (else every pending edit would say «the main item has changed»).
    const before = mainHash ? await mainHash(id) : null;
    await database('sections').where({ id }).update({ [PENDING_EDITS_FIELD]: count });
    changed += 1;
    if (before !== null && mainHash) {
      await purgeCache?.();
      const after = await mainHash(id);
      await database('directus_versions').where({ collection: 'sections', item: id, hash: before }).update({ hash: after });
    }
  }
  return changed;
}

/**
 * Keeps `sections.pending_edits` right after every write that can change it: a version saved,
 * changed or deleted (discarded), a version promoted (Directus writes its delta into the section,
 * so it no longer differs), any update of a section, and at start and when migration 0019 adds the
 * field (existing versions are counted then).
 */
export function registerPendingEdits({ action, database, purgeCache, mainHash, changed, warn }: PendingEditsDeps): void {
  const recount = async (ids: readonly string[] | null) => {
    try {
      if ((await recountPendingEdits(database, ids, mainHash, purgeCache)) === 0) return;
      await purgeCache();
      changed();
    } catch (error) {
      warn(`[sections-workflow] the pending edits were not recounted: ${String(error)}. The review queue may be off until the next change or restart.`);
    }
  };
  const versionItems = async (keys: unknown[]): Promise<string[]> => {
    const rows: { item: string }[] = await database('directus_versions').select('item').where('collection', 'sections').whereIn('id', keys.map(String));
    return rows.map((r) => String(r.item));
  };
  action('versions.create', async (meta) => {
    const payload = (meta.payload ?? {}) as { collection?: unknown; item?: unknown };
    if (payload.collection === 'sections' && typeof payload.item === 'string') await recount([payload.item]);
  });
  action('versions.update', async (meta) => {
    await recount(await versionItems((meta.keys as unknown[] | undefined) ?? []));
  });
  // The deleted versions are gone: every section with a count is recounted.
  action('versions.delete', () => recount(null));
  action('sections.items.promote', async (meta) => {
    if (meta.item !== undefined) await recount([String(meta.item)]);
  });
  action('sections.items.update', async (meta) => {
    await recount(((meta.keys as unknown[] | undefined) ?? []).map(String));
  });
  action('server.start', () => recount(null));
  action('fields.create', async (meta) => {
    if (meta.collection === 'sections') await recount(null);
  });
}
