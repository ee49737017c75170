import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser } from '../support/browser.js';
import { freePort, startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite } from '../../site/build/site-build.js';
import { startStaticServer, type RunningStaticServer } from '../../publishing/static-server.js';
import { repoRoot } from '../../platform/paths.js';
import { prepareOldPathsSite, type OldPathsSite } from '../site/old-paths-fixture.js';

// A reader with an old bookmark, in Chromium, on the site as `npm start` serves it: every old path
// (before a move, a rename, the catalog's own address and its README.md link) lands on the page
// where it is now, anchors kept; a path that never existed is the 404 page with its search box.

const resultsDir = join(repoRoot, 'test-results');
const TIMEOUT = 20_000;

describe('old addresses in Chromium', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let site: OldPathsSite;
  let tmp: string;
  let server: RunningStaticServer;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU', ...options });
    contexts.push(context);
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    return page;
  }

  /** Waits until the page is the section's own page (redirects are done) and returns its path and title. */
  async function landed(page: Page, expected: string): Promise<string> {
    await page.waitForURL((url) => url.pathname === expected);
    return (await page.locator('#section-title').textContent({ timeout: TIMEOUT }))?.trim() ?? '';
  }

  before(async () => {
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    site = await prepareOldPathsSite(cms);
    tmp = await mkdtemp(join(tmpdir(), 'kb-old-paths-browser-'));
    const outDir = join(tmp, 'dist');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: base, directusPublicUrl: cms.url });
    server = await startStaticServer({ rootDir: outDir, host: '127.0.0.1', port });
    await mkdir(resultsDir, { recursive: true });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('every old path of a moved, a renamed and an imported page opens the page where it is now, the anchor kept', async () => {
    for (const { old, id, why } of site.oldPaths) {
      const now = site.now.get(id) as string;
      const page = await open(`${old}#details`);
      const title = await landed(page, now);
      assert.match(title, /^0[67](\.\d\d)* /, `${old} (${why}) → ${now}`);
      assert.equal(new URL(page.url()).hash, '#details', `${old}: the anchor survives the hop`);
    }
  });

  test('without JavaScript the redirect pages still take the reader there (meta refresh)', async () => {
    const { old, id } = site.oldPaths.find((p) => p.why === 'its part, moved with it') as OldPathsSite['oldPaths'][number];
    const page = await open(old, { javaScriptEnabled: false });
    await landed(page, site.now.get(id) as string);
  });

  test('the catalog’s own links (…/README.md, …/06-07-backups.md) and other spellings of an old path land too', async () => {
    const monitoring = site.now.get(site.ids.get('06.06') as string) as string;
    const backups = site.now.get(site.ids.get('06.07') as string) as string;
    await landed(await open('/06-operations/06-06-monitoring/README.md'), monitoring);
    await landed(await open('/06-operations/06-07-backups.md'), backups);
    await landed(await open('/06-operations/06-06-monitoring'), monitoring);
    // No page or redirect page has this spelling: the 404 page finds it in /old-paths.json.
    const page = await open('/06-Operations/06-06-Monitoring/');
    await landed(page, monitoring);
  });

  test('a path that never existed is the 404 page, whose search box searches the site', async () => {
    const page = await open('/09-nikogda/09-01-ne-bylo/');
    await page.getByRole('heading', { name: 'Страница не найдена' }).waitFor();
    await page.screenshot({ path: join(resultsDir, 'site-404.png'), fullPage: true });
    const box = page.getByRole('searchbox', { name: 'Что найти' });
    await box.fill('резервные копии');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/search/' && url.searchParams.get('q') === 'резервные копии');
    await page.locator('[data-search-results] li a').first().waitFor();
    const found = await page.locator('[data-search-results] li a').allTextContents();
    assert.ok(found.some((t) => /Резервные копии/.test(t)), found.join('; '));
  });
});
