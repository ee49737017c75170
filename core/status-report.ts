import { computeProgress, overallProgress, ownerProgress, withPercent, type ProgressSummary } from './progress.js';
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

export interface OwnerRow extends ProgressSummary {
  /** null: sections nobody is responsible for. */
  id: string | null;
  name: string;
  byStatus: StatusCounts;
  overdue: number;
  stale: number;
}

export interface SectionRef {
  code: string;
  title: string;
  status: SectionStatus;
  owner: string;
}

export interface ReviewItem extends SectionRef {
  /** `section`: the section itself is 👀 На проверке; `version`: a proposed edit of a published page. */
  kind: 'section' | 'version';
  /** The version's name (`Правка: Алиса Иванова`) for versions. */
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
const DONE: ReadonlySet<SectionStatus> = new Set(['published', 'archived']);

function emptyCounts(): StatusCounts {
  return Object.fromEntries(SECTION_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function calendarDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';

export function buildStatusReport({ sections, people, versions = [], now, timeZone = DEFAULT_TIME_ZONE, staleDays = 30 }: StatusReportInput): StatusReport {
  const today = calendarDate(now, timeZone);
  const names = new Map(people.map((p) => [p.id, personName(p, p.id)]));
  const ownerName = (id: string | null) => (id === null ? personName(null) : (names.get(id) ?? id));
  const ref = (s: ReportSection): SectionRef => ({ code: s.code, title: s.title, status: s.status, owner: ownerName(s.owner) });
  const sorted = [...sections].sort((a, b) => compareCodes(a.code, b.code));

  const isOverdue = (s: ReportSection) => !DONE.has(s.status) && s.due_date !== null && s.due_date.slice(0, 10) < today;
  const lastUpdate = (s: ReportSection) => s.date_updated ?? s.date_created;
  const staleBefore = now.getTime() - staleDays * DAY;
  const isStale = (s: ReportSection) => {
    const last = lastUpdate(s);
    return !DONE.has(s.status) && last !== null && Date.parse(last) < staleBefore;
  };

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
      review: members.filter((s) => s.status === 'review').length,
      overdue: members.filter(isOverdue).length,
      stale: members.filter(isStale).length,
    };
  });

  const owners = new Map<string | null, OwnerRow>();
  for (const s of sections) {
    const row = owners.get(s.owner) ?? { id: s.owner, name: ownerName(s.owner), published: 0, total: 0, percent: 0, byStatus: emptyCounts(), overdue: 0, stale: 0 };
    row.byStatus[s.status] += 1;
    if (isOverdue(s)) row.overdue += 1;
    if (isStale(s)) row.stale += 1;
    owners.set(s.owner, row);
  }
  // As on the dashboard and the owner pages: one definition of a person's figure.
  const owned = ownerProgress(sections);
  const ownerRows = [...owners.values()]
    .map((row) => ({ ...row, ...(owned.get(row.id) ?? withPercent(row)) }))
    .sort((a, b) => (a.id === null) !== (b.id === null) ? (a.id === null ? 1 : -1) : a.name.localeCompare(b.name, 'ru'));

  const byId = new Map(sections.map((s) => [s.id, s]));
  const waited = (since: string | null) => (since === null ? null : Math.max(0, daysBetween(calendarDate(new Date(since), timeZone), today)));
  const reviewQueue: ReviewItem[] = [
    ...sorted
      .filter((s) => s.status === 'review')
      .map((s): ReviewItem => ({ ...ref(s), kind: 'section', proposal: null, author: null, since: lastUpdate(s), days: waited(lastUpdate(s)) })),
    ...versions.flatMap((v): ReviewItem[] => {
      const section = byId.get(v.item);
      if (!section) return [];
      const since = v.date_updated ?? v.date_created;
      return [{ ...ref(section), kind: 'version', proposal: v.name, author: v.user_created ? ownerName(v.user_created) : null, since, days: waited(since) }];
    }),
  ].sort((a, b) => (a.since ?? '').localeCompare(b.since ?? '') || compareCodes(a.code, b.code));

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
