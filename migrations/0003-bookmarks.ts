import { ensurePreset, type PresetSpec } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { ROLE } from '../core/fixed-ids.js';
import { PENDING_EDITS_FIELD, REVIEW_QUEUE_FILTER } from '../core/review-queue.js';

const ME = '$CURRENT_USER';
const notDone = { status: { _nin: ['published', 'archived'] } };

const COLUMNS = ['code', 'title', 'status', 'owner', 'due_date', 'date_updated'];
// The review queue's lists show how many pending edits wait in versions (core/review-queue.ts).
const QUEUE_COLUMNS = ['code', 'title', 'status', PENDING_EDITS_FIELD, 'owner', 'date_updated'];

function bookmark(role: string, name: string, icon: string, filter: Record<string, unknown>, sort: string[] = ['code'], fields: string[] = COLUMNS): PresetSpec {
  return {
    bookmark: name,
    role,
    collection: 'sections',
    layout: 'tabular',
    layout_query: { tabular: { sort, fields, limit: 100 } },
    filter,
    icon,
    color: null,
  };
}

/** The saved views each role finds in the navigation, as DESIGN.md lists them. */
export const bookmarks: PresetSpec[] = [
  bookmark(ROLE.student, 'Мои разделы', 'person', { owner: { _eq: ME } }),
  // The review queue: in review, or with a pending edit (since 0019, which brings existing databases here).
  bookmark(ROLE.student, 'Мои: на проверке', 'rate_review', { _and: [{ owner: { _eq: ME } }, REVIEW_QUEUE_FILTER] }, ['code'], QUEUE_COLUMNS),
  bookmark(ROLE.student, 'Свободные разделы', 'person_off', { _and: [{ owner: { _null: true } }, notDone] }),
  bookmark(ROLE.cto, 'На проверке', 'rate_review', REVIEW_QUEUE_FILTER, ['date_updated'], QUEUE_COLUMNS),
  bookmark(ROLE.cto, 'В разработке', 'edit_note', { status: { _eq: 'in_progress' } }),
  bookmark(ROLE.cto, 'Без владельца', 'person_off', { _and: [{ owner: { _null: true } }, { status: { _neq: 'archived' } }] }),
  bookmark(ROLE.cto, 'Просрочены', 'alarm', { _and: [{ due_date: { _lt: '$NOW' } }, notDone] }, ['due_date']),
  bookmark(
    ROLE.cto,
    'Давно не обновлялись',
    'hourglass_bottom',
    {
      _and: [
        notDone,
        { _or: [{ date_updated: { _lt: '$NOW(-30 days)' } }, { _and: [{ date_updated: { _null: true } }, { date_created: { _lt: '$NOW(-30 days)' } }] }] },
      ],
    },
    ['date_updated'],
  ),
];

export const migration: Migration = {
  id: '0003-bookmarks',
  title: 'Role bookmarks for students and the CTO',
  async up(ctx) {
    for (const spec of bookmarks) await ensurePreset(ctx, spec);
  },
};
