/**
 * Directus's rate limiter (RATE_LIMITER_*, on by default: README, "Configuration") answers 429
 * with Retry-After once one address makes more requests than it allows. The project's own tools
 * (migrations, imports, the publisher, the site build) run from the same address as the editors
 * under `npm start`, and a migration makes a few hundred requests in a row: they wait out the
 * window and send the request again rather than fail halfway. The limiter refuses a request
 * before Directus reads it, so sending it again never applies anything twice.
 */

export interface RateLimitRetryOptions {
  /** How many 429s in a row one request may meet before the 429 is its answer. */
  attempts?: number;
  /** The wait when Retry-After is missing or says 0 (Directus rounds the window to whole seconds). */
  minWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Pure: how long to wait after a 429, from its Retry-After header (seconds), bounded to 30 s. */
export function retryAfterMs(header: string | null, minWaitMs: number): number {
  const seconds = header === null ? Number.NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds <= 0) return minWaitMs;
  return Math.min(Math.max(seconds * 1000, minWaitMs), 30_000);
}

const sleepFor = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));

export function retryingOnRateLimit(fetchImpl: typeof globalThis.fetch, { attempts = 20, minWaitMs = 250, sleep = sleepFor }: RateLimitRetryOptions = {}): typeof globalThis.fetch {
  return async (input, init) => {
    for (let attempt = 1; ; attempt += 1) {
      // A Request body can be read once; the SDK passes a URL and a string body, which can be sent again.
      const response = await fetchImpl(input, init);
      if (response.status !== 429 || attempt >= attempts) return response;
      await response.body?.cancel();
      await sleep(retryAfterMs(response.headers.get('retry-after'), minWaitMs));
    }
  };
}
