import { computeProgress, NO_FIGURES, overallProgress, ownerProgress, withPercent, type OwnerFigures, type ProgressSummary } from './progress.js';
import { inReviewQueue, isPendingVersion, pendingVersionCounts } from './review-queue.js';
import { calendarDate, DEFAULT_STALE_DAYS, DEFAULT_TIME_ZONE, figureClock, isOverdue as overdueAt, isStale as staleAt, lastUpdate } from './section-figures.js';
import { compareCodes } from './section-code.js';
import { z } from 'zod';
import { personName, type Person, type SectionRecord } from './section-record.js';
import { SECTION_STATUSES, type SectionStatus } from './status.js';
import { buildTree } from './tree.js';

/**
 * The status roll-up of DESIGN.md for the CTO: overall progress, per chapter, per owner, the
 * review queue, overdue and stale sections. Pure: the sections, people and clock are given.
 */

/** What the roll-up reads of a section. */
export type ReportSection = Pick<SectionRecord, 'id' | 'code' | 'title' | 'parent' | 'status' | 'owner' | 'due_date' | 'date_created' | 'date_updated'>;

export type ReportPerson = Pick<Person, 'id' | 'first_name' | 'last_name'>;

/** A content version of a section: a proposed edit of a published page waiting for the CTO. */
export const reportVersionSchema = z.object({
  id: z.string(),
  name: z.string().nullable().default(null),
  item: z.string(),
  user_created: z.string().nullable().default(null),
  date_created: z.string().nullable().default(null),
  date_updated: z.string().nullable().default(null),
  /** What the version would change; pending while it differs from the section (core/review-queue.ts). */
  delta: z.record(z.unknown()).nullable().default(null),
});

export type ReportVersion = z.output<typeof reportVersionSchema>;

export const REPORT_VERSION_FIELDS = Object.keys(reportVersionSchema.shape) as (keyof ReportVersion)[];

export interface StatusReportInput {
  sections: readonly ReportSection[];
  people: readonly ReportPerson[];
  versions?: readonly ReportVersion[];
  now: Date;
  /** Whose calendar decides "today" for due dates; the team's by default. */
  timeZone?: string;
  /** Not updated for this many days = stale (DESIGN.md: 30). */
  staleDays?: number;
}

type StatusCounts = Record<SectionStatus, number>;

export interface ChapterRow extends ProgressSummary {
  code: string;
  title: string;
  sections: number;
  review: number;
  overdue: number;
  stale: number;
}

/** core ownerProgress's figures (open, review with pending edits, overdue, stale) and the statuses. */
export interface OwnerRow extends OwnerFigures {
  /** null: sections nobody is responsible for. */
  id: string | null;
  name: string;
  byStatus: StatusCounts;
}

export interface SectionRef {
  code: string;
  title: string;
  status: SectionStatus;
  owner: string;
}

/** One section of the review queue (core/review-queue.ts): the queue counts sections, as the admin app's lists do. */
export interface ReviewItem extends SectionRef {
  /** `section`: the section itself is 👀 На проверке; `version`: pending edits of it wait in content versions. */
  kind: 'section' | 'version';
  /** How many pending versions it has. */
  pendingEdits: number;
  /** The pending versions' names (`Правка: Алиса Иванова`), joined. */
  proposal: string | null;
  author: string | null;
  since: string | null;
  days: number | null;
}

export interface OverdueItem extends SectionRef {
  due_date: string;
  daysOverdue: number;
}

export interface StaleItem extends SectionRef {
  lastUpdate: string;
  daysSince: number;
}

export interface StatusReport {
  generatedAt: string;
  today: string;
  staleDays: number;
  overall: ProgressSummary;
  sections: number;
  byStatus: StatusCounts;
  chapters: ChapterRow[];
  owners: OwnerRow[];
  reviewQueue: ReviewItem[];
  overdue: OverdueItem[];
  stale: StaleItem[];
}

const DAY = 24 * 60 * 60 * 1000;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(SECTION_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export { calendarDate, DEFAULT_TIME_ZONE };

export function buildStatusReport({ sections: given, people, versions = [], now, timeZone = DEFAULT_TIME_ZONE, staleDays = DEFAULT_STALE_DAYS }: StatusReportInput): StatusReport {
  const clock = figureClock(now, timeZone, staleDays);
  const today = clock.today;
  const names = new Map(people.map((p) => [p.id, personName(p, p.id)]));
  const ownerName = (id: string | null) => (id === null ? personName(null) : (names.get(id) ?? id));
  const ref = (s: ReportSection): SectionRef => ({ code: s.code, title: s.title, status: s.status, owner: ownerName(s.owner) });
  // Pending edits as core defines them, from the versions' deltas against the sections read.
  const byId = new Map(given.map((s) => [s.id, s]));
  const pendingVersions = versions.filter((v) => {
    const section = byId.get(v.item);
    return section !== undefined && isPendingVersion(v.delta, section);
  });
  const pending = pendingVersionCounts(pendingVersions, byId);
  const sections = given.map((s) => ({ ...s, pending_edits: pending.get(s.id) ?? 0 }));
  const sorted = [...sections].sort((a, b) => compareCodes(a.code, b.code));

  const isOverdue = (s: ReportSection) => overdueAt(s, clock);
  const isStale = (s: ReportSection) => staleAt(s, clock);

  const byStatus = emptyCounts();
  for (const s of sections) byStatus[s.status] += 1;

  const progress = computeProgress(sections);
  const tree = buildTree(sections);
  const chapters: ChapterRow[] = tree.roots.map((chapter) => {
    const members = [chapter, ...tree.descendantsOf(chapter.id)];
    return {
      code: chapter.code,
      title: chapter.title,
      ...withPercent(progress.get(chapter.id) ?? { published: 0, total: 0 }),
      sections: members.length,
      review: members.filter((s) => inReviewQueue({ status: s.status, pending_edits: pending.get(s.id) ?? 0 })).length,
      overdue: members.filter(isOverdue).length,
      stale: members.filter(isStale).length,
    };
  });

  // As on the dashboard and the owner pages: one definition of a person's figures (core ownerProgress).
  const owned = ownerProgress(sections, clock);
  const owners = new Map<string | null, OwnerRow>();
  for (const s of sections) {
    const row = owners.get(s.owner) ?? { id: s.owner, name: ownerName(s.owner), ...(owned.get(s.owner) ?? NO_FIGURES), byStatus: emptyCounts() };
    row.byStatus[s.status] += 1;
    owners.set(s.owner, row);
  }
  const ownerRows = [...owners.values()].sort((a, b) => (a.id === null) !== (b.id === null) ? (a.id === null ? 1 : -1) : a.name.localeCompare(b.name, 'ru'));

  const waited = (since: string | null) => (since === null ? null : Math.max(0, daysBetween(calendarDate(new Date(since), timeZone), today)));
  const reviewQueue: ReviewItem[] = sorted
    .filter((s) => inReviewQueue(s))
    .map((s): ReviewItem => {
      const edits = pendingVersions.filter((v) => v.item === s.id);
      // Waiting since the oldest pending edit's last save, or since the section went to review.
      const sinces = edits.map((v) => v.date_updated ?? v.date_created).filter((d): d is string => d !== null).sort();
      const since = s.status !== 'review' && sinces.length > 0 ? (sinces[0] as string) : lastUpdate(s);
      const authors = [...new Set(edits.map((v) => (v.user_created ? ownerName(v.user_created) : null)).filter((a): a is string => a !== null))];
      return {
        ...ref(s),
        kind: edits.length > 0 ? 'version' : 'section',
        pendingEdits: edits.length,
        proposal: edits.length > 0 ? edits.map((v) => v.name ?? 'предложенная правка').join('; ') : null,
        author: authors.length > 0 ? authors.join(', ') : null,
        since,
        days: waited(since),
      };
    })
    .sort((a, b) => (a.since ?? '').localeCompare(b.since ?? '') || compareCodes(a.code, b.code));

  const overdue = sorted
    .filter(isOverdue)
    .map((s): OverdueItem => ({ ...ref(s), due_date: (s.due_date as string).slice(0, 10), daysOverdue: daysBetween((s.due_date as string).slice(0, 10), today) }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || compareCodes(a.code, b.code));
  const stale = sorted
    .filter(isStale)
    .map((s): StaleItem => ({ ...ref(s), lastUpdate: lastUpdate(s) as string, daysSince: Math.floor((now.getTime() - Date.parse(lastUpdate(s) as string)) / DAY) }))
    .sort((a, b) => b.daysSince - a.daysSince || compareCodes(a.code, b.code));

  return {
    generatedAt: now.toISOString(),
    today,
    staleDays,
    overall: overallProgress(sections),
    sections: sections.length,
    byStatus,
    chapters,
    owners: ownerRows,
    reviewQueue,
    overdue,
    stale,
  };
}
