import { KbError } from '../../core/errors.js';
import type { Migration } from './migration.js';

export interface MigrationPlan {
  pending: Migration[];
  applied: string[];
  /** Ids recorded in the database that this checkout does not know: a newer checkout ran here. */
  unknown: string[];
}

/** Pure: which migrations to run, given what the database says it has. */
export function planMigrations(all: readonly Migration[], appliedIds: readonly string[], to?: string): MigrationPlan {
  const ids = all.map((m) => m.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new KbError('failed', `Two migrations share the id ${duplicate}`, { hint: 'Give each a unique, sortable id.' });
  const sorted = [...ids].sort();
  if (sorted.join() !== ids.join()) throw new KbError('failed', `Migrations are not listed in id order: ${ids.join(', ')}`);
  if (to !== undefined && !ids.includes(to)) throw new KbError('bad-input', `No migration with id "${to}"`, { why: `known: ${ids.join(', ')}` });

  const applied = new Set(appliedIds);
  const limit = to === undefined ? all.length : ids.indexOf(to) + 1;
  return {
    pending: all.slice(0, limit).filter((m) => !applied.has(m.id)),
    applied: ids.filter((id) => applied.has(id)),
    unknown: appliedIds.filter((id) => !ids.includes(id)),
  };
}
