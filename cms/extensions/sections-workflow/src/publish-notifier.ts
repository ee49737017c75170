import { signBody, SIGNATURE_HEADER, type PublishSignal } from '../../../../core/publish-signal.js';

export interface PublishNotifierOptions {
  /** PUBLISHER_URL, e.g. http://publisher:4322/signal; empty turns the notifier off. */
  url: string | undefined;
  secret: string | undefined;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  warn: (message: string) => void;
  /** Delays between attempts; the publisher may be restarting. */
  retryDelaysMs?: readonly number[];
}

export interface PublishNotifier {
  readonly enabled: boolean;
  /** Fire and forget: a save never waits for, or fails because of, the publisher. */
  notify(event: string, keys: readonly string[]): void;
  /** Resolves when every signal sent so far has been delivered or given up (for tests and shutdown). */
  settled(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPublishNotifier({ url, secret, fetch = globalThis.fetch, now = Date.now, warn, retryDelaysMs = [500, 2000, 5000] }: PublishNotifierOptions): PublishNotifier {
  const inFlight = new Set<Promise<void>>();
  if (!url) return { enabled: false, notify() {}, settled: async () => {} };
  if (!secret) {
    warn('[sections-workflow] PUBLISHER_URL is set but PUBLISHER_SECRET is empty: signals would be refused, so none are sent. Set PUBLISHER_SECRET for Directus and the publisher.');
    return { enabled: false, notify() {}, settled: async () => {} };
  }

  const deliver = async (signal: PublishSignal): Promise<void> => {
    const body = JSON.stringify(signal);
    let lastProblem = '';
    for (let attempt = 0; attempt <= retryDelaysMs.length; attempt++) {
      if (attempt > 0) await sleep(retryDelaysMs[attempt - 1] as number);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body, now()) },
          body,
          signal: AbortSignal.timeout(5000),
        });
        // 409: the publisher already has this very signal (an earlier attempt did arrive).
        if (response.ok || response.status === 409) return;
        lastProblem = `HTTP ${response.status} ${await response.text().catch(() => '')}`.trim();
        // A refusal of the signature will not get better by retrying.
        if (response.status === 401 || response.status === 403) break;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
    }
    warn(`[sections-workflow] the publisher at ${url} did not take the ${signal.event} signal (${lastProblem}); the site updates with the next change or the next publisher start`);
  };

  return {
    enabled: true,
    notify(event, keys) {
      const task = deliver({ event, keys: [...keys], at: new Date(now()).toISOString() });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
