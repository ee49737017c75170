import type { Knex } from 'knex';
import { MAX_CODE_DEPTH, parentCodeOf } from '../../../../core/section-code.js';
import { parentChain } from '../../../../core/tree.js';
import { conflict } from './errors.js';
import type { SectionRow, SectionsStore } from './sections-store.js';
import { nextCodeUnder, planSubtreeRecode, type CodeUpdate } from './structure.js';

/**
 * Writes that touch the tree (a parent, a code) are serialised: each one takes one lock inside its
 * own transaction, then reads the tree and checks it. Two moves checked side by side before either
 * wrote (X under Y, Y under X) made a cycle; under the lock the second one sees the first.
 *
 * Where the lock can be taken: Directus 11.17.4 runs the `items.create` filter inside the request's
 * transaction, and `items.update` filters inside it only for batch and nested writes — a plain
 * `PATCH /items/sections/<id>` calls the filter with the shared connection pool and opens its
 * transaction afterwards (api/dist/services/items.js, `updateMany`). What always runs inside that
 * transaction, after the row is written and before it commits, is the `activity.create` filter of
 * the write's activity record; the final check (`verifyWrittenSection`) runs there.
 */

/** One key for the whole tree: moves anywhere can interact (a cycle spans any two sections). */
const TREE_LOCK_KEY = 710_402_011;

function isPostgres(db: Knex): boolean {
  return /^(pg|postgres|postgresql)$/.test(String(db.client.config.client));
}

/**
 * Held until the transaction ends. PostgreSQL: a transaction-level advisory lock, shared by every
 * Directus instance on the database. SQLite: a write, which takes the database's one write lock (a
 * deferred transaction that only read could still be overtaken by another writer).
 */
export async function lockTree(trx: Knex): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockTree needs the transaction the write commits in');
  if (isPostgres(trx)) await trx.raw('select pg_advisory_xact_lock(?)', [TREE_LOCK_KEY]);
  else await trx.raw('update ?? set ?? = ?? where 1 = 0', ['sections', 'id', 'id']);
}

function retry(what: string): Error {
  return conflict(`${what}: пока запрос ждал очереди, дерево разделов изменил другой запрос. Ничего не сохранено — обновите страницу и повторите`);
}

/** Refuses a written section that is its own ancestor, too deep, or coded outside its parent. */
export function checkPlacement(all: readonly SectionRow[], id: string): Error | null {
  const byId = new Map(all.map((s) => [s.id, s]));
  const section = byId.get(id);
  if (!section) return null;
  const label = `Раздел ${section.code ?? section.title}`;
  const { chain, cycleAt } = parentChain(id, new Map(all.map((s) => [s.id, s.parent])));
  if (cycleAt !== null) return retry(`${label} оказался бы внутри самого себя`);
  if (chain.some((parent) => !byId.has(parent))) return retry(`${label}: его родительский раздел удалён`);
  const depth = chain.length + 1;
  if (depth > MAX_CODE_DEPTH) return retry(`${label} оказался бы на ${depth}-м уровне (допускается ${MAX_CODE_DEPTH})`);
  const parentCode = section.parent === null ? null : (byId.get(section.parent)?.code ?? null);
  if (section.code !== null && parentCodeOf(section.code) !== parentCode) {
    return retry(`Код ${section.code} не лежит внутри ${parentCode === null ? 'списка глав' : `раздела ${parentCode}`}`);
  }
  return null;
}

/**
 * The subtree's new codes, unless one of them is held outside the subtree (a tree that is already
 * broken: the doctor repairs it) — a half re-coded subtree would be worse than an unmoved one.
 */
export function followingCodes(all: readonly SectionRow[], id: string): CodeUpdate[] {
  const updates = planSubtreeRecode(all, id);
  const moving = new Set(updates.map((u) => u.id));
  const holder = new Map(all.filter((s) => s.code).map((s) => [s.code as string, s.id]));
  const blocked = updates.some((u) => {
    const other = holder.get(u.code);
    return other !== undefined && !moving.has(other);
  });
  return blocked ? [] : updates;
}

/** A section and its ancestors, up to the root or the first one seen twice (a cycle). */
async function withAncestors(store: SectionsStore, id: string): Promise<SectionRow[]> {
  const rows: SectionRow[] = [];
  const seen = new Set<string>();
  for (let next: string | null = id; next !== null && !seen.has(next); ) {
    seen.add(next);
    const row: SectionRow | null = await store.get(next);
    if (!row) break;
    rows.push(row);
    next = row.parent;
  }
  return rows;
}

/**
 * Inside the write's transaction, under the lock: the final check, then the subtree follows. A
 * created section has no subtree yet and cannot close a cycle, so its ancestors are all it needs
 * (an import creates thousands in one transaction: reading the whole tree for each would make it
 * quadratic); a move reads the whole tree.
 */
export async function verifyWrittenSection(
  trx: Knex,
  store: SectionsStore,
  id: string,
  write: 'create' | 'move',
  writeCodes: (updates: CodeUpdate[]) => Promise<void>,
): Promise<number> {
  await lockTree(trx);
  const rows = write === 'create' ? await withAncestors(store, id) : await store.all();
  const written = rows.find((row) => row.id === id);
  if (write === 'create' && written && written.code === null) {
    written.code = await nextCodeUnder(store, written.parent);
    await trx('sections').where('id', id).update({ code: written.code, previous_codes: JSON.stringify([]) });
  }
  const problem = checkPlacement(rows, id);
  if (problem) throw problem;
  const code = written?.code ?? null;
  const updates = write === 'create' ? [] : followingCodes(rows, id);
  if (updates.length > 0) await writeCodes(updates);
  await store.releaseOldCodes([...(code ? [{ id, code }] : []), ...updates]);
  return updates.length;
}
