import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredProgressRows } from '../../cms/extensions/sections-workflow/src/progress.js';
import { buildStatusReport } from '../../core/status-report.js';
import { buildSiteModel } from '../../site/src/lib/site-model.js';
import { figureClock } from '../../core/section-figures.js';
import { sectionRecord as record } from '../support/section-record-fixture.js';

const NOW = new Date('2026-12-02T00:00:00Z');
const FIGURES = ['published', 'total', 'percent', 'open', 'review', 'overdue', 'stale'] as const;
const pick = (row: Record<(typeof FIGURES)[number], number>) => Object.fromEntries(FIGURES.map((f) => [f, row[f]]));

// The dashboard (section_progress rows), `npm run report` and the site's owner pages show one
// figure per person. They used to differ: the owner pages counted leaves, the dashboard every section.

test('the dashboard, the report and the owner pages count a person’s sections the same way', () => {
  const aygerim = '11111111-1111-4111-8111-111111111111';
  const kadyrkhan = '22222222-2222-4222-8222-222222222222';
  const chapter = record('02', null, { owner: aygerim, status: 'in_progress' });
  const sections = [
    chapter,
    // Published, with her edit waiting in a version (the hook's count): in review on every page.
    record('02.01', chapter.id, { owner: aygerim, status: 'published', pending_edits: 1 }),
    record('02.02', chapter.id, { owner: aygerim, status: 'review', due_date: '2026-11-30', date_updated: '2026-10-01T00:00:00Z' }),
    record('02.03', chapter.id, { owner: aygerim, status: 'archived' }),
    record('02.04', chapter.id, { owner: kadyrkhan, status: 'published' }),
    record('02.05', chapter.id, { status: 'planned' }),
  ];
  const people = [
    { id: aygerim, first_name: 'Айгерим', last_name: 'Сапарова' },
    { id: kadyrkhan, first_name: 'Кадырхан', last_name: 'Бекович' },
  ];
  const dashboard = new Map(
    desiredProgressRows(sections, new Map(), figureClock(NOW)).filter((r) => r.kind === 'owner').map((r) => [r.id, pick(r)]),
  );
  // The report finds the pending edit in the version's delta; the hook counted the same one.
  const versions = [{ id: 'v', name: 'Правка: Айгерим Сапарова', item: sections[1]!.id, user_created: aygerim, date_created: null, date_updated: null, delta: { body: 'Новый текст' } }];
  const report = new Map(buildStatusReport({ sections, people, versions, now: NOW }).owners.map((o) => [o.id, pick(o)]));
  const model = buildSiteModel(sections, people, { siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz', now: NOW });
  const site = new Map(model.owners.map((o) => [o.id, pick(model.ownerProgress(o))]));

  // Her chapter counts: it is hers to write, even though the tree's progress counts only leaves.
  assert.deepEqual(dashboard.get(aygerim), { published: 1, total: 3, percent: 33, open: 2, review: 2, overdue: 1, stale: 1 });
  for (const id of [aygerim, kadyrkhan]) {
    assert.deepEqual(report.get(id), dashboard.get(id), `report = dashboard for ${id}`);
    assert.deepEqual(site.get(id), dashboard.get(id), `owner page = dashboard for ${id}`);
  }
  assert.deepEqual(site.get(null), report.get(null), 'nobody’s sections: the same on the site and in the report');
});
