import { KbError } from './errors.js';
import type { SectionStatus } from './status.js';
import { inReviewQueue, type QueuedItem } from './review-queue.js';
import { isOpen, isOverdue, isStale, type DatedItem, type FigureClock } from './section-figures.js';

export interface ProgressItem {
  id: string;
  parent: string | null;
  status: SectionStatus;
}

export interface Progress {
  published: number;
  total: number;
}

export interface ProgressSummary extends Progress {
  percent: number;
}

function leafProgress(status: SectionStatus): Progress {
  if (status === 'archived') return { published: 0, total: 0 };
  return { published: status === 'published' ? 1 : 0, total: 1 };
}

/**
 * Published leaves / non-archived leaves of every section's subtree. Folds leaves upward in
 * one pass (a parent is folded once all its children are), so it stays O(n) at 10,000 sections
 * and terminates on stored cycles, whose members simply keep partial counts.
 */
export function computeProgress(items: readonly ProgressItem[]): Map<string, Progress> {
  const byId = new Map<string, ProgressItem>();
  const result = new Map<string, Progress>();
  for (const item of items) {
    if (byId.has(item.id)) throw new KbError('malformed-data', `Section id ${item.id} occurs twice`);
    byId.set(item.id, item);
    result.set(item.id, { published: 0, total: 0 });
  }
  const pendingChildren = new Map<string, number>();
  for (const item of items) {
    if (item.parent !== null && byId.has(item.parent)) {
      pendingChildren.set(item.parent, (pendingChildren.get(item.parent) ?? 0) + 1);
    }
  }
  const queue: ProgressItem[] = [];
  for (const item of items) {
    if (!pendingChildren.has(item.id)) {
      result.set(item.id, leafProgress(item.status));
      queue.push(item);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head] as ProgressItem;
    const parent = item.parent === null ? undefined : byId.get(item.parent);
    if (!parent) continue;
    const own = result.get(item.id) as Progress;
    const sum = result.get(parent.id) as Progress;
    sum.published += own.published;
    sum.total += own.total;
    const left = (pendingChildren.get(parent.id) ?? 0) - 1;
    pendingChildren.set(parent.id, left);
    if (left === 0) queue.push(parent);
  }
  return result;
}

export function withPercent({ published, total }: Progress): ProgressSummary {
  return { published, total, percent: total === 0 ? 0 : Math.round((published * 100) / total) };
}

/** The whole tree's figure: the seed's hand-typed `Готовых компонентов: 9/15 (60%)`, computed. */
export function overallProgress(items: readonly ProgressItem[]): ProgressSummary {
  const parents = new Set<string>();
  for (const item of items) if (item.parent !== null) parents.add(item.parent);
  let published = 0;
  let total = 0;
  for (const item of items) {
    if (parents.has(item.id)) continue;
    const leaf = leafProgress(item.status);
    published += leaf.published;
    total += leaf.total;
  }
  return withPercent({ published, total });
}

export interface OwnedItem extends DatedItem, QueuedItem {
  owner: string | null;
}

/** A person's figures: done of their non-archived sections, and what is open, in review, overdue, stale. */
export interface OwnerFigures extends ProgressSummary {
  /** Neither published nor archived. */
  open: number;
  /** In the review queue (core/review-queue.ts): 👀 На проверке or with a pending edit. */
  review: number;
  /** Open, due before today (core/section-figures.ts). */
  overdue: number;
  /** Open, not changed for 30 days (core/section-figures.ts). */
  stale: number;
}

/**
 * One person's figures, the same on the dashboard, in `npm run report` and on the site's owner
 * pages: every non-archived section they own counts (a parent they own is their work too, unlike
 * the tree's leaf count), published ones as done. `null` collects the sections nobody owns.
 * Overdue and stale depend on the clock; without one they are 0.
 */
export function ownerProgress(items: readonly OwnedItem[], clock?: FigureClock): Map<string | null, OwnerFigures> {
  const counts = new Map<string | null, Progress & Omit<OwnerFigures, 'percent' | keyof Progress>>();
  for (const item of items) {
    const row = counts.get(item.owner) ?? { published: 0, total: 0, open: 0, review: 0, overdue: 0, stale: 0 };
    counts.set(item.owner, row);
    if (inReviewQueue(item)) row.review += 1;
    if (item.status === 'archived') continue;
    row.total += 1;
    if (item.status === 'published') row.published += 1;
    if (isOpen(item)) row.open += 1;
    if (clock && isOverdue(item, clock)) row.overdue += 1;
    if (clock && isStale(item, clock)) row.stale += 1;
  }
  return new Map([...counts].map(([owner, row]) => [owner, { ...row, ...withPercent(row) }]));
}

/** The figures of someone who owns nothing. */
export const NO_FIGURES: OwnerFigures = { published: 0, total: 0, percent: 0, open: 0, review: 0, overdue: 0, stale: 0 };

export function formatProgress({ published, total, percent }: ProgressSummary): string {
  return `${published}/${total} (${percent}%)`;
}
