import { ensureIndex } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

// What the bookmarks, the dashboard and the status board filter and sort by. Without them every
// such list scans and sorts the whole table, which at 10,000 sections costs more than the 50 ms
// the design allows (bench/results/status-board-query.md).
export const BOARD_INDEXED_FIELDS = ['status', 'owner', 'parent', 'due_date', 'date_updated'] as const;

export const migration: Migration = {
  id: '0006-board-indexes',
  title: 'Indexes for the status board: status, owner, parent, due date, last update',
  async up(ctx) {
    for (const field of BOARD_INDEXED_FIELDS) await ensureIndex(ctx, 'sections', field);
  },
};
