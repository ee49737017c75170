import type { PublishSignal } from '../core/publish-signal.js';
import { describeError } from '../core/errors.js';
import type { BrokenLink } from '../core/link-check.js';
import type { SiteReleases } from './releases.js';

export interface BuildRecord {
  release: string;
  /** What started it: `start`, `retry`, or the signals' events. */
  trigger: string;
  signals: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** From the first signal's change to the new site being live; null for builds without a signal. */
  latencyMs: number | null;
  result: 'success' | 'failed';
  error: string | null;
  pages: number | null;
  /** Where a successful build's time went (ms by step), as the build reported it. */
  timings: Record<string, number> | null;
  /**
   * A successful build's internal links and anchors that lead nowhere: section code and title, line
   * in its body, the target as written, why. Empty when every link works; null for a failed build.
   */
  brokenLinks: BrokenLink[] | null;
}

export interface MirrorRecord {
  finishedAt: string;
  result: 'success' | 'failed';
  summary: string | null;
  error: string | null;
}

export interface PublisherStatus {
  state: 'idle' | 'waiting' | 'building';
  /** While an import holds publishing: when the hold expires at the latest. */
  heldUntil: string | null;
  live: string | null;
  pendingSignals: number;
  lastBuild: BuildRecord | null;
  lastSuccess: BuildRecord | null;
  builds: { succeeded: number; failed: number };
  mirror: MirrorRecord | null;
  /** The live site's broken internal links (the last successful build's); null before the first. */
  brokenLinks: BrokenLink[] | null;
}

export interface PublisherOptions {
  releases: SiteReleases;
  /** Builds the complete site into an empty folder; rejects with a message naming the cause. */
  build: (outDir: string, signal: AbortSignal) => Promise<{ pages: number; timings?: Record<string, number>; brokenLinks?: BrokenLink[] }>;
  /** Runs after every successful build (the git mirror); returns a one-line summary. */
  mirror?: () => Promise<string>;
  /** Quiet time after a signal before building, so a burst of saves makes one build. */
  debounceMs?: number;
  /** Upper bound on waiting while signals keep coming. */
  maxWaitMs?: number;
  /** A failed build is tried again after this long (Directus may have been restarting). */
  retryMs?: number;
  keepReleases?: number;
  /** Collect signals without building until the first `rebuild()` (while Directus is being filled). */
  hold?: boolean;
  /**
   * When an import's hold on publishing (core/publish-hold.ts) expires, or null when none is
   * held: asked before every build, the publisher's own (start, retry) included, so that no build
   * puts an import's first half on the site. The hook signals when the hold is released.
   */
  heldUntil?: () => Promise<number | null>;
  /** How often a held build asks again, in case the release signal is lost. */
  holdRecheckMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface Publisher {
  /** Takes a change signal; the build follows after the debounce. */
  signal(signal: PublishSignal): void;
  /** Builds now (at start, or on demand) regardless of signals. */
  rebuild(trigger?: string): void;
  status(): Promise<PublisherStatus>;
  /** Resolves once no build is waiting or running (tests, benchmarks, `--once`). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const errorText = (error: unknown) => describeError(error, ': ');

/**
 * Debounces change signals into builds, builds into a fresh release and switches it live only
 * when the build succeeded. Builds never overlap: signals during a build make one more build
 * after it.
 */
export function createPublisher({
  releases,
  build,
  mirror,
  debounceMs = 300,
  maxWaitMs = 3000,
  retryMs = 60_000,
  keepReleases = 2,
  hold = false,
  heldUntil,
  holdRecheckMs = 60_000,
  now = Date.now,
  log = () => {},
}: PublisherOptions): Publisher {
  let held = hold;
  let pending: PublishSignal[] = [];
  let forced: string | null = null;
  let firstPendingAt: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let holdTimer: NodeJS.Timeout | null = null;
  let holdExpires: number | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  const abort = new AbortController();
  let idleWaiters: (() => void)[] = [];
  let lastBuild: BuildRecord | null = null;
  let lastSuccess: BuildRecord | null = null;
  let lastMirror: MirrorRecord | null = null;
  const counts = { succeeded: 0, failed: 0 };

  const isIdle = () => !running && !timer && !holdTimer && pending.length === 0 && forced === null;
  // A signal (the hold's release among them) or a rebuild asks again at once.
  const wakeFromHold = () => {
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = null;
  };
  const wakeIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  const schedule = () => {
    if (closed || running || held || holdTimer) return;
    if (timer) clearTimeout(timer);
    const waited = firstPendingAt === null ? 0 : now() - firstPendingAt;
    const delay = forced !== null && pending.length === 0 ? 0 : Math.max(0, Math.min(debounceMs, maxWaitMs - waited));
    timer = setTimeout(() => {
      timer = null;
      running = runBuild().finally(() => {
        running = null;
        if (pending.length > 0 || forced !== null) schedule();
        else wakeIdle();
      });
    }, delay);
  };

  /** True when an import holds publishing: the build waits, its signals kept, until a signal or the expiry. */
  const waitForHold = async (): Promise<boolean> => {
    const until = heldUntil ? await heldUntil().catch((error: unknown) => {
      log(`Could not read the publishing holds; building anyway: ${errorText(error)}`);
      return null;
    }) : null;
    if (until === null || until <= now() || closed) {
      holdExpires = null;
      return false;
    }
    if (holdExpires !== until) log(`Publishing waits while an import is applying; it builds when the import completes (at the latest ${new Date(until).toISOString()}).`);
    holdExpires = until;
    holdTimer = setTimeout(() => {
      holdTimer = null;
      schedule();
    }, Math.max(10, Math.min(until - now(), holdRecheckMs)));
    // Not unref'd, unlike the retry: `npm run publish -- --once` waits for the import to complete.
    return true;
  };

  const runBuild = async (): Promise<void> => {
    if (await waitForHold()) return;
    const signals = pending;
    const trigger = forced ?? [...new Set(signals.map((s) => s.event))].join(', ');
    pending = [];
    forced = null;
    firstPendingAt = null;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;

    const started = now();
    const { id, dir } = await releases.prepare(new Date(started));
    const record = (result: BuildRecord['result'], error: string | null, pages: number | null, timings: Record<string, number> | null = null, brokenLinks: BrokenLink[] | null = null): BuildRecord => {
      const finished = now();
      const changedAt = signals.map((s) => Date.parse(s.at)).filter((t) => Number.isFinite(t));
      return {
        release: id,
        trigger,
        signals: signals.length,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        durationMs: finished - started,
        latencyMs: result === 'success' && changedAt.length > 0 ? finished - Math.min(...changedAt) : null,
        result,
        error,
        pages,
        timings,
        brokenLinks,
      };
    };
    log(`Building the site (${trigger}${signals.length > 1 ? `, ${signals.length} changes` : ''})…`);
    try {
      const { pages, timings, brokenLinks } = await build(dir, abort.signal);
      await releases.activate(id);
      lastBuild = lastSuccess = record('success', null, pages, timings ?? null, brokenLinks ?? []);
      counts.succeeded += 1;
      const broken = lastBuild.brokenLinks?.length ?? 0;
      log(`Site is live: ${pages} pages, built in ${(lastBuild.durationMs / 1000).toFixed(1)} s (release ${id})${broken > 0 ? `; ${broken} broken link${broken === 1 ? '' : 's'} (GET /status lists them)` : ''}.`);
      await releases.prune(keepReleases).catch((error: unknown) => log(`Could not remove old builds: ${errorText(error)}`));
    } catch (error) {
      lastBuild = record('failed', errorText(error), null);
      counts.failed += 1;
      await releases.discard(id).catch(() => {});
      log(`Site build failed; the previous site stays live. ${lastBuild.error}`);
      if (!closed && retryMs > 0) {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (lastBuild?.result === 'failed') publisher.rebuild('retry');
        }, retryMs);
        retryTimer.unref();
      }
      return;
    }
    if (mirror) {
      try {
        const summary = await mirror();
        lastMirror = { finishedAt: new Date(now()).toISOString(), result: 'success', summary, error: null };
        log(`Git mirror: ${summary}`);
      } catch (error) {
        lastMirror = { finishedAt: new Date(now()).toISOString(), result: 'failed', summary: null, error: errorText(error) };
        log(`Git mirror export failed (the site is live regardless): ${lastMirror.error}`);
      }
    }
  };

  const publisher: Publisher = {
    signal(signal) {
      if (closed) return;
      pending.push(signal);
      firstPendingAt ??= now();
      wakeFromHold();
      schedule();
    },
    rebuild(trigger = 'manual') {
      if (closed) return;
      held = false;
      wakeFromHold();
      forced = trigger;
      firstPendingAt ??= now();
      schedule();
    },
    async status() {
      return {
        state: running ? 'building' : timer || holdTimer ? 'waiting' : 'idle',
        heldUntil: holdTimer && holdExpires !== null ? new Date(holdExpires).toISOString() : null,
        live: await releases.live(),
        pendingSignals: pending.length,
        lastBuild,
        lastSuccess,
        builds: { ...counts },
        mirror: lastMirror,
        brokenLinks: lastSuccess?.brokenLinks ?? null,
      };
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retryTimer) clearTimeout(retryTimer);
      wakeFromHold();
      timer = null;
      pending = [];
      forced = null;
      abort.abort();
      await running?.catch(() => {});
      wakeIdle();
    },
  };
  return publisher;
}
