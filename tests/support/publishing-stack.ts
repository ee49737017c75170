import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSettings } from '../../platform/settings/load-settings.js';
import { publisherSettings } from '../../platform/settings/schema.js';
import { startPublishing, type Publishing } from '../../publishing/publishing-service.js';
import { startStaticServer, type RunningStaticServer } from '../../publishing/static-server.js';
import type { TestDbKind } from './test-database.js';
import { freePort, startTestCms, type TestCms } from './test-cms.js';

/**
 * The production topology of docker-compose.yml, run natively: a real Directus whose hook signals
 * a publisher, which builds the site into releases served by a static server and keeps a git
 * mirror. Everything talks over loopback HTTP, as the containers do over their network.
 */
export interface PublishingStack {
  cms: TestCms;
  publishing: Publishing;
  site: RunningStaticServer;
  /** Temporary folder holding the releases (`site/`) and the git mirror (`mirror/`). */
  work: string;
  mirrorDir: string | null;
  destroy(): Promise<void>;
}

export interface PublishingStackOptions {
  db?: TestDbKind;
  mirror?: boolean;
  debounceMs?: number;
  /** The fetch the site build reads Directus with. */
  fetch?: typeof globalThis.fetch;
  /** Fill Directus before the first build (the publisher holds the signals meanwhile). */
  fill?: (cms: TestCms) => Promise<void>;
}

export async function startPublishingStack({ db, mirror = false, debounceMs = 200, fetch, fill }: PublishingStackOptions = {}): Promise<PublishingStack> {
  const work = await mkdtemp(join(tmpdir(), 'kb-publishing-'));
  const publisherPort = await freePort();
  const secret = `publisher-secret-${publisherPort}-0123456789abcdef`;
  const cms = await startTestCms({ ...(db ? { db } : {}), settings: { PUBLISHER_URL: `http://127.0.0.1:${publisherPort}/signal`, PUBLISHER_SECRET: secret } });
  const mirrorDir = mirror ? join(work, 'mirror') : null;
  let publishing: Publishing | undefined;
  let site: RunningStaticServer | undefined;
  try {
    const settings = parseSettings(
      publisherSettings,
      {
        HOST: '127.0.0.1',
        PORT: new URL(cms.url).port,
        PUBLIC_URL: cms.url,
        SITE_URL: 'http://127.0.0.1:4321',
        SITE_READER_TOKEN: cms.siteReaderToken,
        SITE_RELEASES_DIR: join(work, 'site'),
        PUBLISHER_HOST: '127.0.0.1',
        PUBLISHER_PORT: String(publisherPort),
        PUBLISHER_SECRET: secret,
        PUBLISH_DEBOUNCE_MS: String(debounceMs),
        ...(mirrorDir ? { MIRROR_DIR: mirrorDir, ADMIN_EMAIL: cms.settings.ADMIN_EMAIL, ADMIN_PASSWORD: cms.settings.ADMIN_PASSWORD } : {}),
      },
      'test settings',
    );
    publishing = await startPublishing({ settings, baseDir: work, log: () => {}, buildAtStart: false, ...(fetch ? { fetch } : {}) });
    site = await startStaticServer({ rootDir: publishing.releases.liveDir, host: '127.0.0.1', port: 0 });
    await fill?.(cms);
    publishing.publisher.rebuild('start');
    await publishing.publisher.idle();
    const started = publishing;
    const served = site;
    return {
      cms,
      publishing: started,
      site: served,
      work,
      mirrorDir,
      async destroy() {
        await served.close();
        await started.close();
        await cms.destroy();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await site?.close();
    await publishing?.close();
    await cms.destroy();
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** The page path the site gives a section: `/<chapter code-slug>/…/<code-slug>/`, read from Directus. */
export async function sectionPagePath(cms: TestCms, code: string): Promise<string> {
  const parts: string[] = [];
  for (let c: string | null = code; c !== null; c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : null) {
    const found = await cms.api('GET', `/items/sections?filter[code][_eq]=${c}&fields=code,slug`);
    const item = found.body?.data?.[0] as { code: string; slug: string } | undefined;
    if (!item) throw new Error(`No section ${c}`);
    parts.unshift(`${item.code.replaceAll('.', '-')}-${item.slug}`);
  }
  return `/${parts.join('/')}/`;
}
