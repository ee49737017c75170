/**
 * A hold on publishing while an import is applying: the import stores one before its first write
 * and removes it when its last write is done; while an unexpired one exists the hook sends no
 * publish signal, so a run that stops midway (a refused write, a crash) never puts its half on the
 * public site. A hold expires: a crashed import cannot stop publishing for longer than HOLD_TTL_MS.
 */
export const PUBLISH_HOLDS_COLLECTION = 'kb_publish_holds';

/** An hour: far longer than any import takes (1,200 sections in seconds), short enough to be noticed. */
export const PUBLISH_HOLD_TTL_MS = 60 * 60 * 1000;

/** The signal the hook sends when a hold is released: the publisher builds what the import completed. */
export const HOLD_RELEASED_EVENT = 'import.completed';

/** When a stored expiry has passed: Directus and SQLite hand timestamps back as Dates, ISO text with or without a zone, or milliseconds. */
export function holdExpiryMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/** The latest expiry among the holds that have not expired yet, or null when nothing holds publishing. */
export function heldUntil(expiries: readonly unknown[], now: number): number | null {
  const open = expiries.map(holdExpiryMs).filter((ms) => Number.isFinite(ms) && ms > now);
  return open.length > 0 ? Math.max(...open) : null;
}
