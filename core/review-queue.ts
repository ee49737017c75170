import type { SectionStatus } from './status.js';

/**
 * The review queue, one definition for the admin app's bookmarks and dashboard, `npm run report`
 * and the site's status board (issue 12, item 2): a section is in the queue when it is
 * 👀 На проверке, or when a pending edit of it waits in a content version.
 *
 * A version is pending while its delta differs from the live section in some field. It leaves the
 * queue when it is promoted (Directus writes the delta into the section, so nothing differs any
 * more, whether or not the version is then deleted), when it is deleted (discarded), or when the
 * section comes to say the same by another way (the CTO typed the same text). The workflow hook
 * recounts a section's pending versions after every write of a version or of the section and keeps
 * the count in the section's system field `pending_edits`, which Directus's filters, bookmarks and
 * panels and the site's token read; nobody else writes it (core/section-fields.ts SYSTEM_FIELDS).
 */

export const PENDING_EDITS_FIELD = 'pending_edits';

/** Directus marks a saved delta's entries with `_user` and `_date`; they are its own, not fields. */
function deltaFields(delta: Record<string, unknown>): string[] {
  return Object.keys(delta).filter((field) => !field.startsWith('_') && field !== 'id');
}

/** Equal as stored: a JSON column may come back as text, a number or date as a string. */
function sameValue(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (text(a) === text(b)) return true;
  // A JSON value stored as text on SQLite against the parsed value of the delta.
  const parsed = (v: unknown) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  return JSON.stringify(parsed(a)) === JSON.stringify(parsed(b));
}

/**
 * Pending: the version's delta would change the live section. A field the section record does not
 * carry counts as a change (an edit nobody can compare is not silently dropped from the queue).
 */
export function isPendingVersion(delta: unknown, section: Readonly<Record<string, unknown>>): boolean {
  if (delta === null || typeof delta !== 'object') return false;
  const fields = deltaFields(delta as Record<string, unknown>);
  return fields.some((field) => !(field in section) || !sameValue((delta as Record<string, unknown>)[field], section[field]));
}

export interface VersionOfSection {
  item: string;
  delta?: unknown;
}

/** Pending versions per section id (a section without any is absent). */
export function pendingVersionCounts(versions: readonly VersionOfSection[], sections: ReadonlyMap<string, Readonly<Record<string, unknown>>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const version of versions) {
    const section = sections.get(version.item);
    if (!section || !isPendingVersion(version.delta, section)) continue;
    counts.set(version.item, (counts.get(version.item) ?? 0) + 1);
  }
  return counts;
}

export interface QueuedItem {
  status: SectionStatus;
  pending_edits?: number | null;
}

/** In the review queue: 👀 На проверке, or a pending edit of it waits for the CTO. */
export function inReviewQueue(section: QueuedItem): boolean {
  return section.status === 'review' || (section.pending_edits ?? 0) > 0;
}

/** The same, as a Directus filter (bookmarks, dashboard panels, links into the sections list). */
export const REVIEW_QUEUE_FILTER = { _or: [{ status: { _eq: 'review' } }, { [PENDING_EDITS_FIELD]: { _gt: 0 } }] } as const;
