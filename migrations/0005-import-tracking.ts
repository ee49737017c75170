import { ensureField, type FieldSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];

/**
 * What an import needs to remember per section: where it came from, and a hash of the imported
 * fields as last written, so a later import can tell an editor's change from its own.
 */
export const importTrackingFields: FieldSpec[] = [
  {
    field: 'source',
    type: 'string',
    meta: {
      sort: 12, width: 'full', interface: 'input', readonly: false,
      note: 'Откуда раздел импортирован: ссылка из индекса или путь файла', translations: ru('Источник'),
    },
    schema: { is_nullable: true, max_length: 1024 },
  },
  {
    field: 'import_hash',
    type: 'string',
    meta: {
      sort: 24, width: 'half', interface: 'input', readonly: true, hidden: true,
      note: 'Хэш импортированных полей при последнем импорте: по нему импорт видит правки редакторов', translations: ru('Хэш импорта'),
    },
    schema: { is_nullable: true, max_length: 64 },
  },
  {
    field: 'imported_at',
    type: 'timestamp',
    meta: {
      sort: 25, width: 'half', special: ['cast-timestamp'], interface: 'datetime', readonly: true, hidden: true,
      display: 'datetime', display_options: { relative: true }, translations: ru('Импортирован'),
    },
    schema: { is_nullable: true },
  },
];

export const migration: Migration = {
  id: '0005-import-tracking',
  title: 'Import tracking on sections: source, import hash, import time',
  async up(ctx) {
    for (const field of importTrackingFields) await ensureField(ctx, 'sections', field);
  },
};
