import { SHADOWED_FIELDS } from '../core/case-folding.js';
import { ensureField, ensurePermission, type FieldSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { ctoPermissions, studentPermissions } from './0002-roles-and-permissions.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];

/**
 * A shadow field: the hook writes it (so it is read-only), nobody edits or sees it in the form
 * (hidden), and Directus's search covers it (searchable), which is the point.
 */
function shadowField(field: string, of: string, type: 'string' | 'text', maxLength?: number): FieldSpec {
  return {
    field,
    type,
    meta: {
      interface: 'input', readonly: true, hidden: true, searchable: true, width: 'full',
      note: `«${of}» строчными буквами: по нему поиск находит русские слова в любом регистре. Пишет хук; не править.`,
      translations: ru(`Поиск: ${of}`),
    },
    schema: { is_nullable: true, ...(maxLength ? { max_length: maxLength } : {}) },
  };
}

/** Each shadow has its field's type and length, so any value of the field fits its copy. */
export const SHADOW_FIELD_SPECS: Readonly<Record<string, FieldSpec[]>> = {
  sections: [
    shadowField(SHADOWED_FIELDS.sections!.title!, 'Название', 'string', 255),
    shadowField(SHADOWED_FIELDS.sections!.summary!, 'Кратко', 'text'),
    shadowField(SHADOWED_FIELDS.sections!.body!, 'Текст', 'text'),
  ],
  directus_users: [
    shadowField(SHADOWED_FIELDS.directus_users!.first_name!, 'Имя', 'string', 50),
    shadowField(SHADOWED_FIELDS.directus_users!.last_name!, 'Фамилия', 'string', 50),
  ],
};

/**
 * Search finds Russian words whatever their case, on SQLite as on PostgreSQL: lower-cased copies of
 * the section's title, summary and text and of people's names (core/case-folding.ts says why copies).
 * The hook fills them in for existing rows as soon as each field exists, and keeps them on every
 * write. Editors may read the copies of people's names (they read the names); the site's token reads
 * none of the copies (its fields are the site's declared ones, core/site-reader-queries.ts).
 */
export const migration: Migration = {
  id: '0017-case-insensitive-search',
  title: 'Case-insensitive Russian search: lower-cased copies of titles, texts and names',
  async up(ctx) {
    for (const [collection, specs] of Object.entries(SHADOW_FIELD_SPECS)) for (const spec of specs) await ensureField(ctx, collection, spec);
    // People's copies for editors to search; a student's writes of sections carry the hook's copies.
    const studentSectionWrites = (p: { collection: string; action: string }) => p.collection === 'sections' && (p.action === 'create' || p.action === 'update');
    for (const spec of [...ctoPermissions, ...studentPermissions].filter((p) => p.collection === 'directus_users' || studentSectionWrites(p))) await ensurePermission(ctx, spec);
  },
};
