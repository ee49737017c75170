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
