import { ensureField, ensurePermission, type FieldSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { siteReaderPermissions } from './0002-roles-and-permissions.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];

/**
 * The page paths a section had before moves and renames. A system field like previous_codes: the
 * workflow hook appends to it (import and restore write it as the admin), no editor sets it — the
 * Student's update permissions do not list it and the hook refuses it to students — and the site
 * answers each path with a redirect to where the page is now.
 */
export const previousPathsField: FieldSpec = {
  field: 'previous_paths',
  type: 'json',
  meta: {
    sort: 13, width: 'full', special: ['cast-json'], interface: 'tags', readonly: true,
    note: 'Прежние адреса страницы после переносов и переименований: сайт перенаправляет с них', translations: ru('Прежние адреса'),
  },
  schema: { is_nullable: true },
};

export const migration: Migration = {
  id: '0013-previous-paths',
  title: 'Previous page paths on sections, readable by the site build',
  async up(ctx) {
    await ensureField(ctx, 'sections', previousPathsField);
    // The site reader's allow-list is the section record's fields (core/site-reader-queries.ts), now with previous_paths.
    for (const spec of siteReaderPermissions) await ensurePermission(ctx, spec);
  },
};
