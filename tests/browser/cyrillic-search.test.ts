import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, loginToAdmin } from '../support/browser.js';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';

// The CTO types a Russian word with capitals into the sections list's search in the real admin app
// and sees every section with that word, whatever its case (core/case-folding.ts). Screenshot in
// test-results/.

const resultsDir = join(repoRoot, 'test-results');

describe('Russian search with capitals in the admin app', { skip: chromiumSkipReason(), timeout: 240_000 }, () => {
  let cms: TestCms;
  let browser: Browser;
  let cto: TestUser;

  before(async () => {
    await mkdir(resultsDir, { recursive: true });
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    cto = await cms.createUser('cto', 'Карина Сергеева');
    for (const body of [
      { title: 'Первый сервер', status: 'in_progress', body: 'Ставим Ubuntu.' },
      { title: 'ПЕРВЫЙ запуск', status: 'review', body: 'Запускаем бота.' },
      { title: 'Справочник команд', status: 'published', body: 'Это первый список команд.' },
      { title: 'Второй сервер', status: 'planned', body: 'Резервная машина.' },
    ]) {
      const response = await cms.api('POST', '/items/sections', { body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
  });

  after(async () => {
    await browser?.close();
    await cms?.destroy();
  });

  const rows = (page: Page) => page.locator('#main-content tbody tr.table-row');

  test('«ПерВый» in the sections list search shows the three sections with the word', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ru-RU' });
    context.setDefaultTimeout(30_000);
    try {
      const page = await context.newPage();
      await loginToAdmin(page, cms.url, cto.email, cto.password);
      await page.goto(`${cms.url}/admin/content/sections`);
      await rows(page).first().waitFor({ state: 'visible' });
      await page.locator('#main-content .search-input').first().click();
      await page.locator('#main-content .search-input input').first().fill('ПерВый');
      await page.waitForFunction(() => document.querySelectorAll('#main-content tbody tr.table-row').length === 3);
      await page.waitForLoadState('networkidle');
      const texts = await rows(page).allInnerTexts();
      for (const title of ['Первый сервер', 'ПЕРВЫЙ запуск', 'Справочник команд']) assert.ok(texts.some((text) => text.includes(title)), `${title} in ${JSON.stringify(texts)}`);
      assert.ok(!texts.some((text) => text.includes('Второй сервер')), JSON.stringify(texts));
      await page.screenshot({ path: join(resultsDir, 'search-cyrillic-capitals-cto.png') });
    } finally {
      await context.close();
    }
  });
});
