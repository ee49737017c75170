import { SECTION_STATUSES, STATUS_META } from '../core/status.js';
import { ensureCollection, ensureField, ensurePreset, ensureRelation, ensureSettings, type FieldSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];

const statusChoices = SECTION_STATUSES.map((value) => ({
  value,
  text: `${STATUS_META[value].emoji} ${STATUS_META[value].label}`,
  color: STATUS_META[value].color,
  foreground: '#FFFFFF',
  background: STATUS_META[value].color,
}));

const userTemplate = '{{first_name}} {{last_name}}';
const sectionTemplate = '{{code}} {{title}}';

export const sectionFields: FieldSpec[] = [
  {
    field: 'code',
    type: 'string',
    meta: {
      sort: 1, width: 'half', interface: 'input', options: { font: 'monospace', placeholder: 'пусто — присвоится следующий свободный' },
      note: 'Код родителя + .NN, например 02.01.03. Пустой код присваивается автоматически; при переносе раздел и его подразделы получают новые коды.',
      translations: ru('Код'),
    },
    schema: { is_unique: true, is_nullable: true, max_length: 32 },
  },
  {
    field: 'title',
    type: 'string',
    meta: { sort: 2, width: 'half', interface: 'input', required: true, note: 'Без кода', translations: ru('Название') },
    schema: { is_nullable: false, max_length: 255 },
  },
  {
    field: 'status',
    type: 'string',
    meta: {
      sort: 3, width: 'half', interface: 'select-dropdown', options: { choices: statusChoices }, display: 'labels',
      display_options: { showAsDot: false, choices: statusChoices }, translations: ru('Статус'),
    },
    schema: { is_nullable: false, default_value: 'planned', max_length: 32 },
  },
  {
    field: 'owner',
    type: 'uuid',
    meta: {
      sort: 4, width: 'half', special: ['m2o'], interface: 'select-dropdown-m2o', options: { template: userTemplate },
      display: 'user', note: 'Кто отвечает за раздел; по умолчанию — автор', translations: ru('Ответственный'),
    },
    schema: { is_nullable: true },
  },
  {
    field: 'parent',
    type: 'uuid',
    meta: {
      sort: 5, width: 'half', special: ['m2o'], interface: 'select-dropdown-m2o', options: { template: sectionTemplate },
      display: 'related-values', display_options: { template: sectionTemplate },
      note: 'Пусто — глава верхнего уровня', translations: ru('Родительский раздел'),
    },
    schema: { is_nullable: true },
  },
  {
    field: 'due_date',
    type: 'date',
    meta: { sort: 6, width: 'half', interface: 'datetime', display: 'datetime', translations: ru('Срок') },
    schema: { is_nullable: true },
  },
  {
    field: 'slug',
    type: 'string',
    meta: {
      sort: 7, width: 'half', interface: 'input', options: { slug: true, placeholder: 'из названия' },
      note: 'Часть адреса страницы; уникален среди соседних разделов', translations: ru('Адрес (slug)'),
    },
    schema: { is_nullable: true, max_length: 100 },
  },
  {
    field: 'previous_codes',
    type: 'json',
    meta: {
      sort: 8, width: 'half', special: ['cast-json'], interface: 'tags', readonly: true,
      note: 'Прежние коды после переносов: сайт перенаправляет с них', translations: ru('Прежние коды'),
    },
    schema: { is_nullable: true },
  },
  {
    field: 'summary',
    type: 'text',
    meta: { sort: 9, width: 'full', interface: 'input-multiline', note: 'Одно-два предложения для списков и поиска', translations: ru('Кратко') },
    schema: { is_nullable: true },
  },
  {
    field: 'body',
    type: 'text',
    meta: { sort: 10, width: 'full', interface: 'input-rich-text-md', translations: ru('Текст') },
    schema: { is_nullable: true },
  },
  {
    field: 'children',
    type: 'alias',
    meta: {
      sort: 11, width: 'full', special: ['o2m'], interface: 'list-o2m-tree-view', options: { displayTemplate: sectionTemplate },
      translations: ru('Подразделы'),
    },
    schema: null,
  },
  {
    field: 'date_created',
    type: 'timestamp',
    meta: { sort: 20, width: 'half', special: ['date-created', 'cast-timestamp'], interface: 'datetime', readonly: true, hidden: true, display: 'datetime', display_options: { relative: true }, translations: ru('Создан') },
    schema: { is_nullable: true },
  },
  {
    field: 'user_created',
    type: 'uuid',
    meta: { sort: 21, width: 'half', special: ['user-created'], interface: 'select-dropdown-m2o', options: { template: userTemplate }, readonly: true, hidden: true, display: 'user', translations: ru('Автор') },
    schema: { is_nullable: true },
  },
  {
    field: 'date_updated',
    type: 'timestamp',
    meta: { sort: 22, width: 'half', special: ['date-updated', 'cast-timestamp'], interface: 'datetime', readonly: true, hidden: true, display: 'datetime', display_options: { relative: true }, translations: ru('Обновлён') },
    schema: { is_nullable: true },
  },
  {
    field: 'user_updated',
    type: 'uuid',
    meta: { sort: 23, width: 'half', special: ['user-updated'], interface: 'select-dropdown-m2o', options: { template: userTemplate }, readonly: true, hidden: true, display: 'user', translations: ru('Кем обновлён') },
    schema: { is_nullable: true },
  },
];

export const migration: Migration = {
  id: '0001-sections',
  title: 'The sections tree: collection, fields, relations, default view',
  async up(ctx) {
    await ensureSettings(ctx, { project_name: 'tapbot.kz — база знаний', default_language: 'ru-RU' });
    await ensureCollection(ctx, {
      collection: 'sections',
      meta: {
        icon: 'account_tree',
        note: 'Разделы документации tapbot.kz',
        display_template: sectionTemplate,
        sort_field: null,
        archive_field: 'status',
        archive_value: 'archived',
        unarchive_value: 'in_progress',
        archive_app_filter: true,
        accountability: 'all',
        versioning: true,
        translations: [{ language: 'ru-RU', translation: 'Разделы', singular: 'Раздел', plural: 'Разделы' }],
      },
      primaryKey: {
        field: 'id',
        type: 'uuid',
        meta: { special: ['uuid'], interface: 'input', readonly: true, hidden: true },
        schema: { is_primary_key: true, length: 36, has_auto_increment: false },
      },
    });
    for (const field of sectionFields) await ensureField(ctx, 'sections', field);
    await ensureRelation(ctx, {
      collection: 'sections', field: 'parent', related_collection: 'sections',
      meta: { one_field: 'children', sort_field: null, one_deselect_action: 'nullify' },
      schema: { on_delete: 'SET NULL' },
    });
    for (const field of ['owner', 'user_created', 'user_updated']) {
      await ensureRelation(ctx, { collection: 'sections', field, related_collection: 'directus_users', schema: { on_delete: 'SET NULL' } });
    }
    await ensurePreset(ctx, {
      bookmark: null,
      role: null,
      collection: 'sections',
      layout: 'tabular',
      layout_query: { tabular: { sort: ['code'], fields: ['code', 'title', 'status', 'owner', 'due_date', 'date_updated'], limit: 100 } },
      layout_options: { tabular: { widths: { code: 120, title: 420 } } },
      icon: 'account_tree',
    });
  },
};
