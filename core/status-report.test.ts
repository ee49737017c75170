import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStatusReport, calendarDate, type ReportSection } from './status-report.js';
import type { SectionStatus } from './status.js';

const NOW = new Date('2025-07-14T20:00:00Z'); // 15 July in Almaty (UTC+5)
const ALICE = 'a0000000-0000-4000-8000-000000000001';
const BORIS = 'b0000000-0000-4000-8000-000000000002';
const people = [
  { id: ALICE, first_name: 'Алиса', last_name: 'Иванова' },
  { id: BORIS, first_name: 'Борис', last_name: null },
];

function s(code: string, status: SectionStatus, extra: Partial<ReportSection> = {}): ReportSection {
  const parent = code.includes('.') ? `id-${code.slice(0, code.lastIndexOf('.'))}` : null;
  return { id: `id-${code}`, code, title: `Раздел ${code}`, parent, status, owner: null, due_date: null, date_created: '2025-07-10T00:00:00Z', date_updated: null, ...extra };
}

const sections: ReportSection[] = [
  s('01', 'in_progress'),
  s('01.01', 'published', { owner: ALICE }),
  s('01.02', 'review', { owner: ALICE, date_updated: '2025-07-12T09:00:00Z' }),
  s('01.03', 'archived', { owner: ALICE }),
  s('02', 'in_progress'),
  s('02.01', 'in_progress', { owner: BORIS, due_date: '2025-07-14', date_updated: '2025-06-01T00:00:00Z' }),
  s('02.02', 'planned', { owner: BORIS, due_date: '2025-07-15' }),
  s('02.03', 'published', { owner: BORIS, due_date: '2025-07-01', date_updated: '2025-05-01T00:00:00Z' }),
  s('02.04', 'in_progress', { date_updated: '2025-06-14T19:59:00Z' }),
];

describe('buildStatusReport', () => {
  const report = buildStatusReport({
    sections,
    people,
    versions: [{ id: 'v1', name: 'Правка: Борис', item: 'id-02.03', user_created: BORIS, date_created: '2025-07-11T00:00:00Z', date_updated: '2025-07-13T00:00:00Z', delta: { body: 'Новый текст' } }],
    now: NOW,
  });

  test('overall progress counts published leaves of the non-archived ones', () => {
    assert.deepEqual(report.overall, { published: 2, total: 6, percent: 33 });
    assert.equal(report.sections, 9);
    assert.deepEqual(report.byStatus, { planned: 1, in_progress: 4, review: 1, published: 2, archived: 1 });
    assert.equal(report.today, '2025-07-15', "today is the team's calendar day, not UTC's");
  });

  test('per chapter: progress, review, overdue and stale counts of its subtree', () => {
    assert.deepEqual(
      report.chapters.map((c) => [c.code, c.published, c.total, c.percent, c.sections, c.review, c.overdue, c.stale]),
      [
        ['01', 1, 2, 50, 4, 1, 0, 0],
        ['02', 1, 4, 25, 5, 1, 1, 2], // 02.03's pending edit is in the review queue
      ],
    );
  });

  test('per owner, named; unassigned sections last', () => {
    assert.deepEqual(
      report.owners.map((o) => [o.name, o.published, o.total, o.percent, o.byStatus.review, o.byStatus.archived, o.overdue, o.stale]),
      [
        ['Алиса Иванова', 1, 2, 50, 1, 1, 0, 0],
        ['Борис', 1, 3, 33, 0, 0, 1, 1],
        ['не назначен', 0, 3, 0, 0, 0, 0, 1],
      ],
    );
  });

  test('the review queue holds sections in review and proposed edits of published pages, oldest first', () => {
    assert.deepEqual(
      report.reviewQueue.map((r) => [r.kind, r.code, r.owner, r.proposal, r.author, r.days]),
      [
        ['section', '01.02', 'Алиса Иванова', null, null, 3],
        ['version', '02.03', 'Борис', 'Правка: Борис', 'Борис', 2],
      ],
    );
  });

  test('overdue: a due date before today and not published or archived; due today is not overdue', () => {
    assert.deepEqual(report.overdue.map((o) => [o.code, o.due_date, o.daysOverdue, o.owner]), [['02.01', '2025-07-14', 1, 'Борис']]);
  });

  test('stale: not published or archived and not updated for 30 days', () => {
    assert.deepEqual(report.stale.map((o) => [o.code, o.daysSince]), [['02.01', 43], ['02.04', 30]]);
    const shorter = buildStatusReport({ sections, people, now: NOW, staleDays: 50 });
    assert.deepEqual(shorter.stale, []);
  });

  test('calendarDate reads the day in the given time zone', () => {
    assert.equal(calendarDate(NOW, 'UTC'), '2025-07-14');
    assert.equal(calendarDate(NOW, 'Asia/Almaty'), '2025-07-15');
  });
});
