import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser } from '../support/browser.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite } from '../../site/build/site-build.js';
import { repoRoot } from '../../platform/paths.js';
import { serveDir, type ServedDir } from '../site/serve-dir.js';
import { DRAFT_BODY_SECRET, prepareSeedSite, type SeedSite } from '../site/site-fixture.js';

// The built public site in Chromium as readers use it: the status board's filters (with and
// without JavaScript, by mouse and keyboard), Russian search, hostile content staying inert, and
// screenshots of the main pages in light and dark mode (test-results/site-*.png) for a person to look at.

const resultsDir = join(repoRoot, 'test-results');
const TIMEOUT = 20_000;

interface Row {
  code: string;
  status: string;
  owner: string | null;
}

describe('the public site in Chromium', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let fixture: SeedSite;
  let tmp: string;
  let served: ServedDir;
  let browser: Browser;
  let rows: Row[];
  const contexts: BrowserContext[] = [];

  async function open(path: string, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU', ...options });
    contexts.push(context);
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    await page.goto(`${served.url}${path}`);
    return page;
  }

  const sectionPath = async (page: Page, code: string) =>
    (await page.locator(`xpath=//tr[td[@class="code" and text()="${code}"]]//td[2]/a`).getAttribute('href')) as string;

  before(async () => {
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    fixture = await prepareSeedSite(cms);
    tmp = await mkdtemp(join(tmpdir(), 'kb-site-browser-'));
    const outDir = join(tmp, 'dist');
    await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
    served = await serveDir(outDir);
    rows = (await cms.api('GET', '/items/sections?fields=code,status,owner&limit=-1')).body.data;
    await mkdir(resultsDir, { recursive: true });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await served?.close();
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the status board filters by status and owner in place, with counts that follow', async () => {
    const page = await open('/status/');
    const summary = page.locator('[data-summary]');
    const visibleRows = page.locator('tbody tr:visible');
    await assert.doesNotReject(summary.getByText(`Показано ${rows.length} из ${rows.length}`).waitFor());

    const inProgress = rows.filter((r) => r.status === 'in_progress');
    await page.locator('a[data-filter="status"][data-value="in_progress"]').click();
    await summary.getByText(`Показано ${inProgress.length} из ${rows.length}`).waitFor();
    assert.equal(await visibleRows.count(), inProgress.length);
    assert.match(page.url(), /\/status\/\?status=in_progress$/);
    assert.equal(await page.locator('a[data-filter="status"][data-value="in_progress"]').getAttribute('aria-current'), 'true');

    // Adding the owner narrows further; the status counts now count only that owner's sections.
    const mine = rows.filter((r) => r.owner === fixture.student.id);
    await page.locator('a[data-filter="owner"][data-value="aygerim-saparova"]').click();
    const both = mine.filter((r) => r.status === 'in_progress');
    await summary.getByText(`Показано ${both.length} из ${rows.length}`).waitFor();
    assert.equal(await visibleRows.count(), both.length);
    assert.equal(
      await page.locator('a[data-filter="status"][data-value="published"] [data-count]').textContent(),
      String(mine.filter((r) => r.status === 'published').length),
    );
    assert.match(page.url(), /status=in_progress&owner=aygerim-saparova/);

    // Keyboard only: Tab reaches the filters, the focus is visible, Enter applies.
    const all = page.locator('a[data-filter="status"][data-value=""]');
    await page.locator('h1').click();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await all.evaluate((el) => el === document.activeElement);
    }
    assert.ok(reached, 'Tab reaches the status filter');
    assert.notEqual(await all.evaluate((el) => getComputedStyle(el).outlineStyle), 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    await summary.getByText(`Показано ${mine.length} из ${rows.length}`).waitFor();

    // A link in the filtered board opens the section.
    await page.locator('tbody tr:visible td a').filter({ hasText: 'Resources' }).first().click();
    await page.waitForURL(/\/02-infrastructure\/02-02-resources\/$/);
    assert.equal(await page.locator('h1').textContent(), '02.02 Resources');
  });

  test('without JavaScript the filters are links to pre-filtered boards', async () => {
    const page = await open('/status/', { javaScriptEnabled: false });
    await page.locator('a[data-filter="status"][data-value="published"]').click();
    await page.waitForURL(/\/status\/status\/published\/$/);
    assert.equal(await page.locator('tbody tr').count(), rows.filter((r) => r.status === 'published').length);
    await page.locator('a[data-filter="owner"][data-value="aygerim-saparova"]').click();
    await page.waitForURL(/\/status\/owner\/aygerim-saparova\/$/);
    assert.equal(await page.locator('tbody tr').count(), rows.filter((r) => r.owner === fixture.student.id).length);
  });

  test('search in Russian finds a section by an inflected word and never a draft', async () => {
    const page = await open('/search/?q=сервера');
    const first = page.locator('[data-search-results] li a').first();
    await first.waitFor();
    const hrefs = await page.locator('[data-search-results] li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('/02-infrastructure/02-02-resources/'), `«сервера» finds the page that says «серверы»: ${hrefs.join(', ')}`);
    assert.match((await page.locator('[data-search-results] li').first().textContent()) ?? '', /сервер/i);
    assert.ok(!hrefs.includes('/02-infrastructure/02-01-servers/'), 'the draft that also says «серверы» is not found by its text');

    await page.locator('#search-q').fill(DRAFT_BODY_SECRET);
    await page.locator('#search-q').press('Enter');
    await page.waitForFunction(() => /ничего не найдено|Найдено/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    assert.match((await page.locator('[data-search-status]').textContent()) ?? '', /ничего не найдено/, await page.locator('[data-search-results]').innerText());
  });

  test('hostile titles and bodies do not run in the browser', async () => {
    const board = await open('/status/');
    const paths = await Promise.all(fixture.xssCodes.map((code) => sectionPath(board, code)));
    const context = await browser.newContext();
    contexts.push(context);
    const dialogs: string[] = [];
    const page = await context.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    for (const path of [...paths, '/', '/status/', '/owners/kadyrkhan-bekovich/', '/rss.xml']) {
      await page.goto(`${served.url}${path}`);
      await page.waitForLoadState('load');
    }
    // Hovering and focusing would trigger handlers that survived as attributes.
    await page.goto(`${served.url}${paths[XSS_DETAILS_INDEX]}`);
    await page.locator('details summary').click();
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('iframe, object, embed, svg').count(), 0);
  });

  test('screenshots of home, a section and the board in light and dark mode', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [name, path] of [
        ['home', '/'],
        ['section', '/02-infrastructure/02-02-resources/'],
        ['board', '/status/?status=in_progress'],
      ] as const) {
        const page = await open(path, { colorScheme });
        await page.waitForLoadState('load');
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(background, colorScheme === 'dark' ? 'rgb(15, 23, 42)' : 'rgb(255, 255, 255)', `${name} in ${colorScheme} mode`);
        await page.screenshot({ path: join(resultsDir, `site-${name}-${colorScheme}.png`), fullPage: name !== 'board' });
      }
    }
  });
});

/** The body with `<details ontoggle>` in XSS_BODIES (index 9), after the five hostile titles. */
const XSS_DETAILS_INDEX = 5 + 9;
