import { PUBLISH_HOLDS_COLLECTION as PUBLISH_HOLDS } from '../core/publish-hold.js';
import { ensureCollection, ensureField } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

/**
 * Holds on publishing while an import is applying (content/import/publish-hold.ts): the hook sends
 * no publish signal while an unexpired hold exists, so a run that stops midway never puts its half
 * on the public site. Only administrators (the import) read or write them.
 */

export const migration: Migration = {
  id: '0012-publish-holds',
  title: 'Publishing holds while an import is applying',
  async up(ctx) {
    await ensureCollection(ctx, {
      collection: PUBLISH_HOLDS,
      meta: { icon: 'pause_circle', hidden: true, singleton: false, accountability: null, note: 'Пока импорт записывает разделы, сайт не пересобирается' },
      primaryKey: { field: 'id', type: 'uuid', meta: { interface: 'input', readonly: true, hidden: true }, schema: { is_primary_key: true, length: 36, has_auto_increment: false } },
    });
    await ensureField(ctx, PUBLISH_HOLDS, { field: 'reason', type: 'string', meta: { interface: 'input', readonly: true }, schema: { is_nullable: false, max_length: 1024 } });
    await ensureField(ctx, PUBLISH_HOLDS, { field: 'expires_at', type: 'timestamp', meta: { interface: 'datetime', readonly: true }, schema: { is_nullable: false } });
  },
};
