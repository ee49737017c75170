import { ensureField, type FieldSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

/**
 * A student who saved an edit of their published section met a red «Запрещено … сохранена в
 * версии» and then an "unsaved changes" prompt: the form edited the live text the hook would not
 * change. This field holds no data; its interface (the editors-desk extension, `kb-own-version`)
 * opens the student's own version of the section from the start and says where the edit goes.
 */
export const ownVersionNoticeField: FieldSpec = {
  field: 'own_version_notice',
  type: 'alias',
  meta: { sort: 0, width: 'full', special: ['alias', 'no-data'], interface: 'kb-own-version', readonly: false, hidden: false },
  schema: null,
};

export const migration: Migration = {
  id: '0023-own-version-notice',
  title: "A section's form opens a student's own version of their published section",
  async up(ctx) {
    await ensureField(ctx, 'sections', ownVersionNoticeField);
  },
};
