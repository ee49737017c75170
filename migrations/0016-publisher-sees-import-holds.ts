import { POLICY } from '../core/fixed-ids.js';
import { PUBLISH_HOLDS_COLLECTION } from '../core/publish-hold.js';
import { siteReaderFieldsOf } from '../core/site-reader-queries.js';
import { ensurePermission, type PermissionSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

/**
 * The publisher builds on its own too (at start, after a failed build, after Directus restarts),
 * and such a build during an import put the import's first half on the site. It now asks, with
 * the site's token, whether an import holds publishing: the token reads when holds expire, nothing
 * else of them (the reason stays the admin's).
 */
export const siteReaderHoldsPermission: PermissionSpec = {
  policy: POLICY.siteReader,
  collection: PUBLISH_HOLDS_COLLECTION,
  action: 'read',
  fields: siteReaderFieldsOf(PUBLISH_HOLDS_COLLECTION),
};

export const migration: Migration = {
  id: '0016-publisher-sees-import-holds',
  title: 'The site reader reads when import holds on publishing expire',
  async up(ctx) {
    await ensurePermission(ctx, siteReaderHoldsPermission);
  },
};
