import { PENDING_EDITS_FIELD } from '../core/review-queue.js';
import { bookmarks } from './0003-bookmarks.js';
import { panels } from './0004-progress-dashboard.js';
import { siteReaderPermissions } from './0002-roles-and-permissions.js';
import { siteReaderPublishedText } from './0007-site-reader-published-text.js';
import { ensureField, ensurePanel, ensurePermission, ensurePreset, type PanelSpec, type PresetSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { PANEL } from '../core/fixed-ids.js';

const ru = (translation: string) => [{ language: 'ru-RU', translation }];

/**
 * The review queue finds pending edits of published pages (issue 12, item 2; core/review-queue.ts):
 * the CTO's «На проверке», the student's «Мои: на проверке» and the dashboard's queue list the
 * sections in review and those with pending edits in content versions; the dashboard's owners show
 * open, in review, overdue and stale (item 9). 0003 and 0004 hold the bookmarks and panels as they are
 * now; this brings existing databases to them.
 */
export const reviewBookmarks: PresetSpec[] = bookmarks.filter((b) => b.bookmark === 'На проверке' || b.bookmark === 'Мои: на проверке');
export const reviewPanels: PanelSpec[] = panels.filter((p) => ([PANEL.inReview, PANEL.reviewQueue, PANEL.byOwner] as string[]).includes(p.id));

const figure = (field: string, label: string, sort: number) => ({
  field, type: 'integer', meta: { sort, width: 'half', interface: 'input', readonly: true, translations: ru(label) }, schema: { is_nullable: false, default_value: 0 },
});

export const migration: Migration = {
  id: '0019-review-queue-pending-edits',
  title: 'Review queue with pending edits; per-owner open, review, overdue and stale figures',
  async up(ctx) {
    // The hook counts them (and fills the column for existing versions when it appears); nobody writes it.
    await ensureField(ctx, 'sections', {
      field: PENDING_EDITS_FIELD, type: 'integer',
      meta: {
        interface: 'input', readonly: true, width: 'half', display: 'formatted-value',
        note: 'Сколько правок этого раздела ждут CTO в версиях (меню версий над формой). Считает система.',
        translations: ru('Правки на проверке'),
      },
      schema: { is_nullable: false, default_value: 0 },
    });
    await ensureField(ctx, 'section_progress', figure('open', 'Открыто', 8));
    await ensureField(ctx, 'section_progress', figure('review', 'На проверке', 9));
    await ensureField(ctx, 'section_progress', figure('overdue', 'Просрочено', 10));
    await ensureField(ctx, 'section_progress', figure('stale', 'Без правок', 11));
    for (const spec of reviewBookmarks) await ensurePreset(ctx, spec);
    for (const spec of reviewPanels) await ensurePanel(ctx, spec);
    // The site's board says «правка на проверке»: its token reads the count (never a version's delta).
    for (const spec of [...siteReaderPermissions, siteReaderPublishedText]) await ensurePermission(ctx, spec);
  },
};
