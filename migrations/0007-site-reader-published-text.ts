import { ensurePermission, ensurePolicy, type PermissionSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { POLICY, ROLE } from '../core/fixed-ids.js';
import { siteReaderPermissions } from './0002-roles-and-permissions.js';
import { SITE_PUBLISHED_ONLY_FIELDS } from '../core/site-reader-queries.js';

/**
 * The site's token reads the text (body, summary) of published sections only. The site never shows
 * a draft, but the token lives in the publisher's and the build's environment; whoever gets hold of
 * it should not be able to read unpublished work through the API either. Directus 11 merges the two
 * policies per item: a draft comes back with `body` and `summary` as null. Directus still filters
 * and searches on the stored text, so the hook refuses such queries from this account
 * (core/site-reader-queries.ts: the token may make only the site's own queries).
 */
export const siteReaderPublishedText: PermissionSpec = {
  policy: POLICY.siteReaderPublishedText,
  collection: 'sections',
  action: 'read',
  permissions: { status: { _eq: 'published' } },
  fields: [...SITE_PUBLISHED_ONLY_FIELDS],
};

export const migration: Migration = {
  id: '0007-site-reader-published-text',
  title: 'Site reader: the text of published sections only',
  async up(ctx) {
    for (const spec of siteReaderPermissions) await ensurePermission(ctx, spec);
    await ensurePolicy(ctx, {
      id: POLICY.siteReaderPublishedText,
      name: 'Site reader: published text',
      icon: 'public',
      description: 'Текст (body, summary) только опубликованных разделов',
      app_access: false,
      admin_access: false,
      roles: [ROLE.siteReader],
    });
    await ensurePermission(ctx, siteReaderPublishedText);
  },
};
