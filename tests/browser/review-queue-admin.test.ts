import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, loginToAdmin } from '../support/browser.js';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';
import { DASHBOARD } from '../../core/fixed-ids.js';

// Issue 12, item 2, as the CTO meets it in the real admin app: a student's edit of a published page
// waits in a content version, and the bookmark «На проверке» and the dashboard's queue list it.
// Screenshots land in test-results/ for a human to look at.

const resultsDir = join(repoRoot, 'test-results');

describe('the review queue in the admin app', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let browser: Browser;
  let student: TestUser;
  let cto: TestUser;
  const sections: Record<string, { id: string; code: string; title: string }> = {};

  before(async () => {
    await mkdir(resultsDir, { recursive: true });
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    student = await cms.createUser('student', 'Алия Студентова');
    cto = await cms.createUser('cto', 'Вера Техдиректор');
    for (const [key, body] of Object.entries({
      published: { title: 'Опубликованная страница', owner: '', status: 'published', body: 'Живой текст' },
      review: { title: 'Раздел на проверке', owner: '', status: 'review' },
    })) {
      const response = await cms.api('POST', '/items/sections', { body: { ...body, owner: student.id } });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      sections[key] = response.body.data;
    }
    // The student's edit of her published page goes into her version (the API says so).
    const edit = await cms.api('PATCH', `/items/sections/${sections.published!.id}`, { token: student.token, body: { body: 'Правка студента' } });
    assert.match(JSON.stringify(edit.body), /верси/i);
    for (let i = 0; i < 50; i++) {
      if ((await cms.api('GET', `/items/sections/${sections.published!.id}?fields=pending_edits`)).body.data.pending_edits === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    await browser?.close();
    await cms?.destroy();
  });

  async function loggedIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1100 }, locale: 'ru-RU' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await loginToAdmin(page, cms.url, user.email, user.password);
    return page;
  }

  test('the CTO opens «На проверке» and finds the pending edit beside the section in review; the dashboard says 2', async () => {
    const page = await loggedIn(cto);
    await page.goto(`${cms.url}/admin/content/sections`);
    const bookmark = page.locator('#module-navigation a.bookmark').filter({ hasText: 'На проверке' });
    await bookmark.click();
    await page.waitForURL(/[?&]bookmark=/);
    const rows = page.locator('#main-content tbody tr.table-row');
    await rows.filter({ hasText: sections.published!.title }).waitFor();
    await rows.filter({ hasText: sections.review!.title }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#main-content tbody tr.table-row').length === 2);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'cto-review-queue-bookmark.png') });

    // The row opens the section (its version menu holds the student's edit).
    await rows.filter({ hasText: sections.published!.title }).click();
    await page.waitForURL(`**/admin/content/sections/${sections.published!.id}**`);
    await page.locator('#main-content input[field="title"]').waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'cto-review-queue-opened.png') });

    await page.goto(`${cms.url}/admin/insights/${DASHBOARD.progress}`);
    const main = page.locator('#main-content');
    const tile = (name: string) => main.locator('.v-workspace-tile').filter({ has: page.locator('.header .name', { hasText: new RegExp(`^${name}$`) }) });
    await tile('На проверке').locator('.tile-content').getByText('2', { exact: true }).waitFor();
    await tile('Очередь проверки').getByText(`${sections.published!.code} ${sections.published!.title}`).waitFor();
    await tile('По ответственным').getByText('на проверке 2').waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'cto-review-queue-dashboard.png') });
  });
});
