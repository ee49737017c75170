/**
 * When a supervised Directus is started again after it died (cms/server/directus-supervisor.ts):
 * at once would spin on a crash that repeats at every start (a broken migration, a full disk) and
 * flood the log; never would take the admin app down until someone notices. So: a short wait
 * that doubles with every crash in a row, up to a ceiling, and back to the short one once
 * Directus has stayed up long enough to count as healthy again.
 */
export interface BackoffPolicy {
  /** The wait before the first restart after a healthy run. */
  initialMs: number;
  /** Each crash in a row multiplies the wait by this. */
  factor: number;
  /** The longest wait. */
  maxMs: number;
  /** A run at least this long was healthy: the next crash starts over at initialMs. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, factor: 2, maxMs: 60_000, stableMs: 120_000 };

/** Pure: how many crashes in a row there have been, counting this one, given how long it ran. */
export function crashesInARow(previous: number, ranMs: number, policy: BackoffPolicy): number {
  return ranMs >= policy.stableMs ? 1 : previous + 1;
}

/** Pure: the wait before restarting after the `crashes`-th crash in a row (1 = the first). */
export function restartDelayMs(crashes: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, crashes - 1);
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** exponent));
}
