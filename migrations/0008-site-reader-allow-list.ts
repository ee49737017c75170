import { ensurePermission } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { siteReaderPermissions } from './0002-roles-and-permissions.js';
import { siteReaderPublishedText } from './0007-site-reader-published-text.js';

/**
 * The site reader's permissions narrowed to what its declared queries read
 * (core/site-reader-queries.ts): of sections the fields the site shows (no import bookkeeping, no
 * `children`), of people their names. The hook refuses every other request from the token; these
 * permissions are the second wall behind it.
 */
export const migration: Migration = {
  id: '0008-site-reader-allow-list',
  title: 'Site reader: only the fields its declared queries read',
  async up(ctx) {
    for (const spec of [...siteReaderPermissions, siteReaderPublishedText]) await ensurePermission(ctx, spec);
  },
};
