import type { CmsClient } from '../../platform/cms-client.js';

export interface MigrationContext {
  client: CmsClient;
  log: (line: string) => void;
}

/**
 * One versioned step of the schema. `up` must be idempotent on its own (every step is an
 * "ensure"), so a run killed midway converges when started again, even before the ledger
 * records the migration as applied.
 */
export interface Migration {
  /** Sortable and unique: `0001-sections`. */
  id: string;
  title: string;
  up(ctx: MigrationContext): Promise<void>;
}
