import { createItem, readItems } from '@directus/sdk';
import type { Migration, MigrationContext } from './migration.js';
import { ensureCollection, ensureField } from './ensure.js';
import { cmsRequest } from '../../platform/cms-client.js';
import { planMigrations, type MigrationPlan } from './migration-plan.js';

const LEDGER = 'kb_migrations';

async function ensureLedger(ctx: MigrationContext): Promise<void> {
  await ensureCollection(ctx, {
    collection: LEDGER,
    meta: { hidden: true, icon: 'history', note: 'Применённые миграции схемы (scripts/migrate.ts)', accountability: null },
    primaryKey: { field: 'id', type: 'string', meta: { interface: 'input', readonly: true }, schema: { is_primary_key: true, max_length: 100, has_auto_increment: false } },
  });
  await ensureField(ctx, LEDGER, { field: 'title', type: 'string', meta: { interface: 'input', readonly: true }, schema: { is_nullable: true, max_length: 255 } });
  await ensureField(ctx, LEDGER, { field: 'applied_at', type: 'timestamp', meta: { interface: 'datetime', readonly: true }, schema: { is_nullable: true } });
}

export async function readAppliedMigrations(ctx: MigrationContext): Promise<string[]> {
  await ensureLedger(ctx);
  const rows = await ctx.client.request(readItems(LEDGER, { fields: ['id'], limit: -1, sort: ['id'] }));
  return rows.map((row) => String(row.id));
}

export interface MigrateOptions {
  to?: string;
  dryRun?: boolean;
  now?: () => Date;
}

/** Reads the ledger, plans, and (unless dry-run) applies the pending migrations in order. */
export async function migrate(ctx: MigrationContext, all: readonly Migration[], options: MigrateOptions = {}): Promise<MigrationPlan> {
  const plan = planMigrations(all, await readAppliedMigrations(ctx), options.to);
  if (options.dryRun) return plan;
  const now = options.now ?? (() => new Date());
  for (const migration of plan.pending) {
    ctx.log(`→ ${migration.id}: ${migration.title}`);
    await cmsRequest(
      `apply migration ${migration.id}`,
      () => migration.up(ctx),
      'Nothing after it ran; fix the cause and run `npm run migrate` again (every step is idempotent).',
    );
    await ctx.client.request(createItem(LEDGER, { id: migration.id, title: migration.title, applied_at: now().toISOString() }));
  }
  return plan;
}
