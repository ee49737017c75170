import type { Knex } from 'knex';
import { foldCase, rewriteQuery, SHADOWED_FIELDS, withShadows } from '../../../../core/case-folding.js';

type Payload = Record<string, unknown>;
type Filter = <T>(event: string, handler: (payload: T, meta: Record<string, unknown>) => T | Promise<T>) => void;
type Action = (event: string, handler: (meta: Record<string, unknown>) => void | Promise<void>) => void;

/** Directus's event scope of each collection with shadows: item events for user collections, the service's own for system ones. */
const EVENT_SCOPES: Readonly<Record<string, string>> = { sections: 'sections.items', directus_users: 'users' };

/** Rows written per transaction when shadows are filled in for existing rows. */
const BACKFILL_BATCH = 500;

/**
 * Keeps the lower-cased shadows of core/case-folding.ts (why they exist: there) and moves
 * case-insensitive filters onto them, for every account, the admin and Directus's own calls included
 * (the shadows must follow every write). Register it after the workflow's own filters: a student's
 * edit that is diverted into a content version is refused before its shadows are added, so they
 * never show in the version's changes.
 */
export function registerSearchFolding({ filter, action, database, warn }: { filter: Filter; action: Action; database: Knex; warn: (message: string) => void }): void {
  for (const [collection, scope] of Object.entries(EVENT_SCOPES)) {
    filter<Payload>(`${scope}.create`, (payload) => withShadows(collection, payload));
    filter<Payload>(`${scope}.update`, (payload) => withShadows(collection, payload));
    filter<{ filter?: unknown }>(`${scope}.query`, (query) => rewriteQuery(collection, query));
  }
  const backfill = (): Promise<void> =>
    backfillShadows(database).then(
      () => undefined,
      (error: unknown) => warn(`[sections-workflow] the lower-cased search copies were not filled in: ${String(error)}. Search may miss capitalised Russian words until Directus restarts.`),
    );
  // Existing rows get their shadows when migration 0017 adds the fields, and on every start (a
  // row written while a shadow field did not exist yet, or a database restored from older files).
  action('server.start', backfill);
  action('fields.create', async (meta) => {
    if (typeof meta.collection === 'string' && meta.collection in SHADOWED_FIELDS) await backfill();
  });
}

/**
 * Fills in every missing shadow from its field, straight in the database: these are no editor's
 * change, so no revision, no `date_updated`, no publish. Idempotent; rows already folded are not
 * touched, and shadow fields that do not exist (yet) are skipped.
 */
export async function backfillShadows(database: Knex): Promise<number> {
  let written = 0;
  for (const [collection, shadows] of Object.entries(SHADOWED_FIELDS)) {
    const pairs: [string, string][] = [];
    for (const [field, shadow] of Object.entries(shadows)) if (await database.schema.hasColumn(collection, shadow)) pairs.push([field, shadow]);
    if (pairs.length === 0) continue;
    const missing = (qb: Knex.QueryBuilder) => {
      for (const [field, shadow] of pairs) qb.orWhere((q) => q.whereNotNull(field).whereNull(shadow));
    };
    const rows: Payload[] = await database(collection).select(['id', ...pairs.map(([field]) => field)]).where(missing);
    for (let i = 0; i < rows.length; i += BACKFILL_BATCH) {
      await database.transaction(async (trx) => {
        for (const row of rows.slice(i, i + BACKFILL_BATCH)) {
          await trx(collection).where({ id: row.id }).update(Object.fromEntries(pairs.map(([field, shadow]) => [shadow, foldCase(row[field])])));
        }
      });
    }
    written += rows.length;
  }
  return written;
}
