import type { SectionStatus } from './status.js';

/**
 * When a section is overdue or stale (DESIGN.md, "Status roll-up"): one definition for the report,
 * the dashboard's per-owner figures and the site's owner pages, and the same as Directus filters for
 * the admin app's lists (the bookmarks «Просрочены», «Давно не обновлялись» and the owners' links).
 */

const DAY = 24 * 60 * 60 * 1000;
const DONE: ReadonlySet<SectionStatus> = new Set(['published', 'archived']);

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';
export const DEFAULT_STALE_DAYS = 30;

/** `YYYY-MM-DD` of an instant in a time zone. */
export function calendarDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The moment the figures are taken: "today" in the team's calendar, and the stale threshold. */
export interface FigureClock {
  now: Date;
  today: string;
  staleDays: number;
  staleBefore: number;
}

export function figureClock(now: Date, timeZone = DEFAULT_TIME_ZONE, staleDays = DEFAULT_STALE_DAYS): FigureClock {
  return { now, today: calendarDate(now, timeZone), staleDays, staleBefore: now.getTime() - staleDays * DAY };
}

export interface DatedItem {
  status: SectionStatus;
  due_date?: string | null;
  date_created?: string | null;
  date_updated?: string | null;
}

/** Still to do: neither published nor archived. */
export function isOpen(s: Pick<DatedItem, 'status'>): boolean {
  return !DONE.has(s.status);
}

export function lastUpdate(s: DatedItem): string | null {
  return s.date_updated ?? s.date_created ?? null;
}

/** Open and its due date was before today (in the team's calendar). */
export function isOverdue(s: DatedItem, clock: FigureClock): boolean {
  return isOpen(s) && typeof s.due_date === 'string' && s.due_date.slice(0, 10) < clock.today;
}

/** Open and not changed for `staleDays`. */
export function isStale(s: DatedItem, clock: FigureClock): boolean {
  const last = lastUpdate(s);
  return isOpen(s) && last !== null && Date.parse(last) < clock.staleBefore;
}

const notDone = { status: { _nin: ['published', 'archived'] } };

/** The same as Directus filters; `$NOW` is the server's clock, close enough for a list. */
export const OPEN_FILTER = notDone;
export const OVERDUE_FILTER = { _and: [{ due_date: { _lt: '$NOW' } }, notDone] };
export function staleFilter(staleDays = DEFAULT_STALE_DAYS) {
  const before = `$NOW(-${staleDays} days)`;
  return {
    _and: [notDone, { _or: [{ date_updated: { _lt: before } }, { _and: [{ date_updated: { _null: true } }, { date_created: { _lt: before } }] }] }],
  };
}
