import { ensureCollection, ensureDashboard, ensureField, ensurePanel, ensurePermission, ensureRelation, type PanelSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { SECTION_STATUSES, STATUS_META } from '../core/status.js';
import { DASHBOARD, PANEL, POLICY } from '../core/fixed-ids.js';
import { REVIEW_QUEUE_FILTER } from '../core/review-queue.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];
const integer = (field: string, label: string, sort: number) => ({
  field, type: 'integer', meta: { sort, width: 'half', interface: 'input', readonly: true, translations: ru(label) }, schema: { is_nullable: false, default_value: 0 },
});

const dashboard = DASHBOARD.progress;

export const panels: PanelSpec[] = [
  {
    id: PANEL.overall, dashboard, name: 'Готово всего', type: 'metric', icon: 'task_alt',
    position_x: 1, position_y: 1, width: 12, height: 6,
    options: { collection: 'section_progress', field: 'percent', function: 'max', filter: { kind: { _eq: 'tree' } }, suffix: '%', numberStyle: 'unit', maximumFractionDigits: 0 },
    note: 'Опубликованные листовые разделы / все неархивные листовые разделы',
  },
  {
    id: PANEL.inReview, dashboard, name: 'На проверке', type: 'metric', icon: 'rate_review',
    position_x: 13, position_y: 1, width: 12, height: 6,
    // The review queue (core/review-queue.ts): in review or with a pending edit (0019 brings existing databases here).
    options: { collection: 'sections', field: 'id', function: 'count', filter: REVIEW_QUEUE_FILTER },
    note: 'Разделы со статусом «На проверке» и с правками, которые ждут в версиях',
  },
  {
    id: PANEL.overdue, dashboard, name: 'Просрочено', type: 'metric', icon: 'alarm',
    position_x: 25, position_y: 1, width: 24, height: 6,
    options: { collection: 'sections', field: 'id', function: 'count', filter: { _and: [{ due_date: { _lt: '$NOW' } }, { status: { _nin: ['published', 'archived'] } }] } },
  },
  {
    id: PANEL.chapters, dashboard, name: 'Прогресс по главам', type: 'list', icon: 'account_tree',
    position_x: 1, position_y: 7, width: 24, height: 18,
    options: { collection: 'section_progress', filter: { _and: [{ kind: { _eq: 'section' } }, { level: { _eq: 1 } }] }, sortField: 'code', sortDirection: 'asc', limit: 20, displayTemplate: '{{code}} {{title}} — {{percent}}% ({{published}}/{{total}})', linkToItem: false },
  },
  {
    id: PANEL.chaptersChart, dashboard, name: 'Готовность глав, %', type: 'bar-chart', icon: 'bar_chart',
    position_x: 25, position_y: 7, width: 24, height: 18,
    options: { collection: 'section_progress', filter: { _and: [{ kind: { _eq: 'section' } }, { level: { _eq: 1 } }] }, xAxis: 'code', yAxis: 'percent', function: 'max', decimals: 0, horizontal: false },
  },
  // One count per status with its Russian label (a chart would show the raw values).
  ...SECTION_STATUSES.map((status, i): PanelSpec => ({
    id: PANEL.byStatus[status], dashboard, name: `${STATUS_META[status].emoji} ${STATUS_META[status].label}`, type: 'metric', icon: 'label',
    position_x: 1 + i * 9 + (i > 0 ? 1 : 0), position_y: 25, width: i === 0 ? 10 : 9, height: 6,
    options: { collection: 'sections', field: 'id', function: 'count', filter: { status: { _eq: status } }, color: STATUS_META[status].color },
  })),
  {
    id: PANEL.byOwner, dashboard, name: 'По ответственным', type: 'list', icon: 'group',
    position_x: 1, position_y: 31, width: 48, height: 10,
    // core ownerProgress's figures (0019 adds open, review, overdue and stale to the rows).
    options: {
      collection: 'section_progress', filter: { kind: { _eq: 'owner' } }, sortField: 'percent', sortDirection: 'asc', limit: 50, linkToItem: false,
      displayTemplate: '{{title}} — готово {{published}} из {{total}} ({{percent}}%) · открыто {{open}} · на проверке {{review}} · просрочено {{overdue}} · без правок {{stale}}',
    },
    note: 'Те же цифры, что в npm run report и на странице ответственного на сайте (core ownerProgress): на проверке — вместе с правками в версиях; без правок — 30 дней',
  },
  {
    id: PANEL.reviewQueue, dashboard, name: 'Очередь проверки', type: 'list', icon: 'rate_review',
    position_x: 1, position_y: 41, width: 48, height: 16,
    options: { collection: 'sections', filter: REVIEW_QUEUE_FILTER, sortField: 'date_updated', sortDirection: 'asc', limit: 50, displayTemplate: '{{code}} {{title}} · правок в версиях: {{pending_edits}}', linkToItem: true },
    note: 'Тот же список, что закладка «На проверке» и npm run report; правку открывает меню версий раздела',
  },
];

export const migration: Migration = {
  id: '0004-progress-dashboard',
  title: 'Progress roll-up and the CTO dashboard «Прогресс документации»',
  async up(ctx) {
    // Progress is a roll-up over the subtree, which no aggregate query can express; the workflow
    // hook keeps one row per section here so Insights panels can show it.
    await ensureCollection(ctx, {
      collection: 'section_progress',
      meta: {
        icon: 'insights', hidden: true, singleton: false, accountability: null,
        note: 'Заполняется автоматически: доля опубликованных листовых разделов в поддереве и готовность по ответственным',
        display_template: '{{code}} {{title}} — {{percent}}%',
        translations: [{ language: 'ru-RU', translation: 'Прогресс разделов', singular: 'Прогресс', plural: 'Прогресс' }],
      },
      primaryKey: { field: 'id', type: 'uuid', meta: { interface: 'input', readonly: true, hidden: true }, schema: { is_primary_key: true, length: 36, has_auto_increment: false } },
    });
    await ensureField(ctx, 'section_progress', {
      field: 'kind', type: 'string',
      meta: { sort: 0, interface: 'select-dropdown', readonly: true, options: { choices: [{ text: 'Всё дерево', value: 'tree' }, { text: 'Раздел', value: 'section' }, { text: 'Ответственный', value: 'owner' }] }, translations: ru('Вид') },
      schema: { is_nullable: false, default_value: 'section', max_length: 16 },
    });
    await ensureField(ctx, 'section_progress', { field: 'section', type: 'uuid', meta: { sort: 1, special: ['m2o'], interface: 'select-dropdown-m2o', readonly: true, options: { template: '{{code}} {{title}}' }, translations: ru('Раздел') }, schema: { is_nullable: true } });
    await ensureField(ctx, 'section_progress', { field: 'code', type: 'string', meta: { sort: 2, interface: 'input', readonly: true, translations: ru('Код') }, schema: { is_nullable: true, max_length: 32 } });
    await ensureField(ctx, 'section_progress', { field: 'title', type: 'string', meta: { sort: 3, interface: 'input', readonly: true, translations: ru('Название') }, schema: { is_nullable: true, max_length: 255 } });
    await ensureField(ctx, 'section_progress', integer('level', 'Уровень', 4));
    await ensureField(ctx, 'section_progress', integer('published', 'Готово', 5));
    await ensureField(ctx, 'section_progress', integer('total', 'Всего', 6));
    await ensureField(ctx, 'section_progress', integer('percent', 'Процент', 7));
    await ensureRelation(ctx, { collection: 'section_progress', field: 'section', related_collection: 'sections', schema: { on_delete: 'CASCADE' } });

    await ensureDashboard(ctx, { id: dashboard, name: 'Прогресс документации', icon: 'monitoring', note: 'Готовность по главам, статусы, ответственные и очередь проверки', color: '#2563EB' });
    for (const panel of panels) await ensurePanel(ctx, panel);

    for (const collection of ['directus_dashboards', 'directus_panels', 'section_progress']) {
      await ensurePermission(ctx, { policy: POLICY.cto, collection, action: 'read', fields: ['*'] });
    }
  },
};
