import { BROKEN_LINKS_COLLECTION as BROKEN_LINKS } from '../core/link-check.js';
import { DASHBOARD, PANEL, POLICY } from '../core/fixed-ids.js';
import { ensureCollection, ensureField, ensurePanel, ensurePermission, ensureRelation, type PanelSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';

/**
 * The broken internal links of the published texts on the CTO's dashboard. No query can find
 * them (a link is checked against the headings of another section's text), so the workflow hook
 * keeps one row per broken link here after every change, by the site build's own check
 * (core/link-check.ts), and the panels read the rows.
 */

const ru = (translation: string) => [{ language: 'ru-RU', translation }];
const readonlyText = (field: string, label: string, sort: number, maxLength: number) => ({
  field, type: 'string', meta: { sort, interface: 'input', readonly: true, translations: ru(label) }, schema: { is_nullable: true, max_length: maxLength },
});

const dashboard = DASHBOARD.progress;

export const brokenLinkPanels: PanelSpec[] = [
  {
    id: PANEL.brokenLinksCount, dashboard, name: 'Битые ссылки', type: 'metric', icon: 'link_off',
    position_x: 1, position_y: 57, width: 12, height: 6,
    options: { collection: BROKEN_LINKS, field: 'id', function: 'count', color: '#DC2626' },
    note: 'Внутренние ссылки и якоря опубликованных текстов, которые никуда не ведут',
  },
  {
    id: PANEL.brokenLinks, dashboard, name: 'Битые ссылки: где и куда', type: 'list', icon: 'link_off',
    position_x: 13, position_y: 57, width: 36, height: 16,
    options: { collection: BROKEN_LINKS, sortField: 'sort', sortDirection: 'asc', limit: 100, displayTemplate: '{{code}} {{title}}, строка {{line}}: {{target}} — {{why}}', linkToItem: false },
    note: 'Раздел, строка его текста, ссылка как написана и почему она не работает; тот же список, что у сборки сайта и npm run report -- --links',
  },
];

export const migration: Migration = {
  id: '0015-broken-links-dashboard',
  title: 'Broken internal links on the dashboard «Прогресс документации»',
  async up(ctx) {
    await ensureCollection(ctx, {
      collection: BROKEN_LINKS,
      meta: {
        icon: 'link_off', hidden: true, singleton: false, accountability: null,
        note: 'Заполняется автоматически: битые внутренние ссылки и якоря опубликованных текстов',
        display_template: '{{code}}, строка {{line}}: {{target}}',
        translations: [{ language: 'ru-RU', translation: 'Битые ссылки', singular: 'Битая ссылка', plural: 'Битые ссылки' }],
      },
      primaryKey: { field: 'id', type: 'integer', meta: { interface: 'input', readonly: true, hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
    });
    await ensureField(ctx, BROKEN_LINKS, { field: 'section', type: 'uuid', meta: { sort: 1, special: ['m2o'], interface: 'select-dropdown-m2o', readonly: true, options: { template: '{{code}} {{title}}' }, translations: ru('Раздел') }, schema: { is_nullable: true } });
    await ensureField(ctx, BROKEN_LINKS, readonlyText('code', 'Код', 2, 32));
    await ensureField(ctx, BROKEN_LINKS, readonlyText('title', 'Название', 3, 255));
    await ensureField(ctx, BROKEN_LINKS, { field: 'line', type: 'integer', meta: { sort: 4, interface: 'input', readonly: true, translations: ru('Строка') }, schema: { is_nullable: false, default_value: 0 } });
    await ensureField(ctx, BROKEN_LINKS, readonlyText('target', 'Ссылка', 5, 2048));
    await ensureField(ctx, BROKEN_LINKS, readonlyText('reason', 'Причина (код)', 6, 16));
    await ensureField(ctx, BROKEN_LINKS, readonlyText('why', 'Почему не работает', 7, 255));
    // Reading order of the list: sections in code order, then by line.
    await ensureField(ctx, BROKEN_LINKS, { field: 'sort', type: 'integer', meta: { sort: 8, interface: 'input', readonly: true, hidden: true }, schema: { is_nullable: false, default_value: 0 } });
    await ensureRelation(ctx, { collection: BROKEN_LINKS, field: 'section', related_collection: 'sections', schema: { on_delete: 'CASCADE' } });
    for (const panel of brokenLinkPanels) await ensurePanel(ctx, panel);
    await ensurePermission(ctx, { policy: POLICY.cto, collection: BROKEN_LINKS, action: 'read', fields: ['*'] });
  },
};
