import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inReviewQueue, isPendingVersion, pendingVersionCounts } from './review-queue.js';
import { ownerProgress } from './progress.js';
import { figureClock, isOverdue, isStale } from './section-figures.js';

const live = { id: 's1', title: 'Серверы', body: 'Старый текст', status: 'published', previous_codes: '["02.01"]' };

describe('isPendingVersion', () => {
  test('a delta that changes a field is pending; Directus marks (_user, _date) are not fields', () => {
    assert.equal(isPendingVersion({ body: 'Новый текст', _user: 'u', _date: 'd' }, live), true);
  });
  test('a promoted version (its delta is now the live text) is not pending', () => {
    assert.equal(isPendingVersion({ body: 'Старый текст', title: 'Серверы', _user: 'u' }, live), false);
  });
  test('an empty or missing delta is not pending', () => {
    assert.equal(isPendingVersion({}, live), false);
    assert.equal(isPendingVersion(null, live), false);
    assert.equal(isPendingVersion({ _user: 'u', _date: 'd' }, live), false);
  });
  test('a JSON column stored as text equals the same value parsed; a field the record lacks counts as a change', () => {
    assert.equal(isPendingVersion({ previous_codes: ['02.01'] }, live), false);
    assert.equal(isPendingVersion({ summary: 'Кратко' }, live), true);
  });
});

describe('pendingVersionCounts and inReviewQueue', () => {
  const sections = new Map<string, Record<string, unknown>>([['s1', live], ['s2', { id: 's2', body: 'x', status: 'published' }]]);
  test('counts per section only the versions that differ, ignores versions of unknown sections', () => {
    const counts = pendingVersionCounts(
      [{ item: 's1', delta: { body: 'A' } }, { item: 's1', delta: { body: 'Старый текст' } }, { item: 's2', delta: { body: 'y' } }, { item: 'gone', delta: { body: 'z' } }],
      sections,
    );
    assert.deepEqual([...counts], [['s1', 1], ['s2', 1]]);
  });
  test('in the queue: review, or published with a pending edit', () => {
    assert.equal(inReviewQueue({ status: 'review' }), true);
    assert.equal(inReviewQueue({ status: 'published', pending_edits: 1 }), true);
    assert.equal(inReviewQueue({ status: 'published', pending_edits: 0 }), false);
    assert.equal(inReviewQueue({ status: 'in_progress' }), false);
  });
});

describe('ownerProgress figures', () => {
  const clock = figureClock(new Date('2025-07-14T20:00:00Z')); // 15 July in Almaty
  const A = 'alice';
  const items = [
    { owner: A, status: 'published' as const, pending_edits: 1, date_updated: '2025-07-14T00:00:00Z' },
    { owner: A, status: 'review' as const, date_updated: '2025-07-13T00:00:00Z' },
    { owner: A, status: 'in_progress' as const, due_date: '2025-07-14', date_updated: '2025-06-01T00:00:00Z' },
    { owner: A, status: 'planned' as const, due_date: '2025-07-15', date_created: '2025-07-01T00:00:00Z' },
    { owner: A, status: 'archived' as const, due_date: '2025-01-01', date_updated: '2024-01-01T00:00:00Z' },
  ];
  test('open, in review (pending edits too), overdue and stale per person; archived sections count nowhere', () => {
    const figures = ownerProgress(items, clock).get(A);
    assert.deepEqual(figures, { published: 1, total: 4, percent: 25, open: 3, review: 2, overdue: 1, stale: 1 });
  });
  test('overdue is before today in the team calendar; stale is 30 days without a change', () => {
    assert.equal(isOverdue({ status: 'planned', due_date: '2025-07-15' }, clock), false);
    assert.equal(isOverdue({ status: 'planned', due_date: '2025-07-14' }, clock), true);
    assert.equal(isStale({ status: 'planned', date_updated: '2025-06-14T19:59:00Z' }, clock), true);
    assert.equal(isStale({ status: 'published', date_updated: '2020-01-01T00:00:00Z' }, clock), false);
  });
});
