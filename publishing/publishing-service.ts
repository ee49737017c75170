import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { KbError } from '../core/errors.js';
import { createCmsClient, loginForToken } from '../platform/cms-client.js';
import { fetchPublishHoldUntil } from '../platform/fetch-sections.js';
import { exportTree } from '../content/export/tree.js';
import { createPublisher, type Publisher } from './publisher.js';
import { startPublisherServer, type RunningPublisherServer } from './signal-server.js';
import { directusUrlOf } from '../platform/settings/addresses.js';
import type { PublisherSettings } from '../platform/settings/schema.js';
import { siteReleases, type SiteReleases } from './releases.js';
import { createSiteRenderer, type SiteRenderer } from '../site/renderer/site-renderer.js';

const run = promisify(execFile);

export interface Publishing {
  publisher: Publisher;
  server: RunningPublisherServer;
  releases: SiteReleases;
  close(): Promise<void>;
}

export interface StartPublishingOptions {
  settings: PublisherSettings;
  /** Relative settings (SITE_RELEASES_DIR, MIRROR_DIR) are resolved from here. */
  baseDir: string;
  log: (line: string) => void;
  /** For the site build's reads of Directus (tests inject one to stop Directus mid-build). */
  fetch?: typeof globalThis.fetch;
  /**
   * Build as soon as the service is up (default). `false`: collect signals and build at the first
   * `publisher.rebuild()`, as `npm start` does once the seed is imported.
   */
  buildAtStart?: boolean;
}

/** The export into the git mirror after a publish, pushed when a remote is configured. */
function mirrorStep(settings: PublisherSettings, baseDir: string, directusUrl: string): (() => Promise<string>) | undefined {
  if (!settings.MIRROR_DIR) return undefined;
  const dir = resolve(baseDir, settings.MIRROR_DIR);
  return async () => {
    // A fresh login every time: the mirror runs rarely and access tokens expire.
    const token = await loginForToken(directusUrl, settings.ADMIN_EMAIL ?? '', settings.ADMIN_PASSWORD ?? '');
    const result = await exportTree({ client: createCmsClient({ url: directusUrl, token }), dir, git: true });
    let summary = `${result.commits.length} commit${result.commits.length === 1 ? '' : 's'} in ${dir}`;
    if (settings.MIRROR_REMOTE && result.commits.length > 0) {
      try {
        await run('git', ['-C', dir, 'push', settings.MIRROR_REMOTE, 'HEAD'], { timeout: 120_000 });
        summary += `, pushed to ${settings.MIRROR_REMOTE}`;
      } catch (error) {
        throw new KbError('failed', `The mirror was committed but not pushed to ${settings.MIRROR_REMOTE}`, { why: (error as { stderr?: string }).stderr?.trim() || (error as Error).message, cause: error });
      }
    }
    return summary;
  };
}

/**
 * The publisher service: takes signals on PUBLISHER_HOST:PUBLISHER_PORT, renders the site into a
 * new release with the warm renderer (site-renderer.ts) and switches it live, then updates the
 * git mirror. Builds once at start, so the served site always reflects what Directus holds after
 * a restart.
 */
export async function startPublishing({ settings, baseDir, log, fetch, buildAtStart = true }: StartPublishingOptions): Promise<Publishing> {
  const directusUrl = directusUrlOf(settings);
  const releases = siteReleases(resolve(baseDir, settings.SITE_RELEASES_DIR));
  // A build a crash interrupted is not a release: it goes before anything is built or served.
  const swept = await releases.sweep();
  if (swept.length > 0) log(`Removed ${swept.length} build${swept.length === 1 ? '' : 's'} an earlier run did not finish (${swept.join(', ')}); only complete builds are kept for a rollback.`);
  // The warm renderer is prepared in the background from the start (building its bundle when
  // the site's sources changed: ~15 s, once), so the service answers at once; if preparing it
  // fails, the build that needs it fails with the reason and the next build tries again.
  let renderer: Promise<SiteRenderer> | null = null;
  const warmRenderer = (): Promise<SiteRenderer> => {
    renderer ??= createSiteRenderer({ log }).catch((error: unknown) => {
      renderer = null;
      throw new KbError('failed', 'The site renderer could not be prepared', { why: (error as Error).message, cause: error });
    });
    return renderer;
  };
  void warmRenderer().catch(() => {});
  // One client for the hold check before every build, with the site's token (its allow-list has the query).
  const holdsReader = createCmsClient({ url: directusUrl, token: settings.SITE_READER_TOKEN, ...(fetch ? { fetch } : {}) });
  const publisher = createPublisher({
    releases,
    debounceMs: settings.PUBLISH_DEBOUNCE_MS,
    maxWaitMs: settings.PUBLISH_MAX_WAIT_MS,
    hold: !buildAtStart,
    heldUntil: () => fetchPublishHoldUntil(holdsReader),
    log,
    build: async (outDir, signal) => {
      const result = await (await warmRenderer()).render({
        directusUrl,
        token: settings.SITE_READER_TOKEN,
        outDir,
        siteUrl: settings.SITE_URL,
        directusPublicUrl: settings.PUBLIC_URL,
        signal,
        ...(fetch ? { fetch } : {}),
      });
      return { pages: result.pages, timings: result.timings, brokenLinks: result.brokenLinks };
    },
    mirror: mirrorStep(settings, baseDir, directusUrl),
  });
  const closeRenderer = async () => {
    const made = renderer;
    renderer = null;
    await made?.then((r) => r.close(), () => {});
  };
  let server: RunningPublisherServer;
  try {
    server = await startPublisherServer({ publisher, secret: settings.PUBLISHER_SECRET, host: settings.PUBLISHER_HOST, port: settings.PUBLISHER_PORT, log });
  } catch (error) {
    await publisher.close();
    await closeRenderer();
    throw error;
  }
  if (buildAtStart) publisher.rebuild('start');
  return {
    publisher,
    server,
    releases,
    async close() {
      await server.close();
      await publisher.close();
      await closeRenderer();
    },
  };
}
