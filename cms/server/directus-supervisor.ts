import { describeError } from '../../core/errors.js';
import { startDirectus, type RunningDirectus, type StartOptions } from './directus-process.js';
import { crashesInARow, DEFAULT_BACKOFF, restartDelayMs, type BackoffPolicy } from './restart-backoff.js';

export interface SupervisorOptions extends StartOptions {
  log: (line: string) => void;
  policy?: BackoffPolicy;
  /** After each restart that answers again (the publisher rebuilds: signals may have been lost). */
  onRestarted?: (directus: RunningDirectus) => void;
}

export interface SupervisedDirectus {
  readonly url: string;
  /** The process running now; it changes with every restart. */
  current(): RunningDirectus;
  /** How many times Directus was started again. */
  restarts(): number;
  /** Stops Directus and the supervision: no restart after this. */
  stop(): Promise<void>;
}

/**
 * Directus under `npm start`, started again whenever it dies (kill -9, out of memory, a crash),
 * after the wait restart-backoff.ts gives, each restart logged. The first start must succeed (a
 * Directus that cannot start at all is a configuration problem the user sees at once); after that
 * a failed start is one more crash in a row. The site server and the publisher live beside it and
 * keep serving the last good build while it is away.
 */
export async function superviseDirectus({ log, policy = DEFAULT_BACKOFF, onRestarted, ...start }: SupervisorOptions): Promise<SupervisedDirectus> {
  let directus = await startDirectus(start);
  let startedAt = Date.now();
  let crashes = 0;
  let restarts = 0;
  let stopping = false;
  let pending: NodeJS.Timeout | null = null;
  let restarting: Promise<void> | null = null;

  const scheduleRestart = (why: string, ranMs: number) => {
    crashes = crashesInARow(crashes, ranMs, policy);
    const waitMs = restartDelayMs(crashes, policy);
    log(`Directus ${why}; starting it again in ${(waitMs / 1000).toFixed(1)} s (crash ${crashes} in a row)`);
    pending = setTimeout(() => {
      pending = null;
      restarting = restart().finally(() => (restarting = null));
    }, waitMs);
  };

  const watch = (running: RunningDirectus) => {
    running.child.once('exit', (code, signal) => {
      if (stopping) return;
      scheduleRestart(`stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`, Date.now() - startedAt);
    });
  };

  const restart = async () => {
    if (stopping) return;
    try {
      const next = await startDirectus(start);
      if (stopping) return void (await next.stop());
      directus = next;
      startedAt = Date.now();
      restarts += 1;
      log(`Directus is answering again on ${start.url} (restart ${restarts}, process ${next.child.pid})`);
      watch(next);
      onRestarted?.(next);
    } catch (error) {
      if (!stopping) scheduleRestart(`did not start again: ${describeError(error, ': ').split('\n')[0]}`, 0);
    }
  };

  watch(directus);
  return {
    url: start.url,
    current: () => directus,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (pending) clearTimeout(pending);
      await restarting;
      await directus.stop();
    },
  };
}
