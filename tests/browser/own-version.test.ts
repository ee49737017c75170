import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, loginToAdmin } from '../support/browser.js';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';
import { proposalVersionKey } from '../../core/proposal-version.js';

// A student's edit of their published section lives in their content version. They used to edit
// the live text, get a red «Запрещено … сохранена в версии» and an "unsaved changes" prompt. Now the
// form opens their version from the start, says so, and a save is a save. Screenshots: test-results/.

const resultsDir = join(repoRoot, 'test-results');
const LIVE_TITLE = 'Резервное копирование PostgreSQL';
const LIVE_BODY = '## Расписание\n\npg_dump каждую ночь в 03:00, хранится 14 дней.\n';

describe("a student edits their published section in their own version, in the admin app", { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let browser: Browser;
  let student: TestUser;
  let otherStudent: TestUser;
  let cto: TestUser;
  let published: { id: string };
  let othersPublished: { id: string };

  async function section(body: Record<string, unknown>): Promise<{ id: string }> {
    const response = await cms.api('POST', '/items/sections', { body });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.data;
  }

  async function versionsOf(id: string): Promise<{ key: string; name: string; delta: Record<string, unknown> | null; user_created: string }[]> {
    return (await cms.api('GET', `/versions?filter[item][_eq]=${id}&fields=key,name,delta,user_created`)).body.data;
  }

  async function loggedIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await loginToAdmin(page, cms.url, user.email, user.password);
    return page;
  }

  const notice = (page: Page) => page.locator('#main-content .kb-own-version');
  const title = (page: Page) => page.locator('#main-content input[field="title"]');
  // In a version the header's primary action is «Сохранить версию» (Directus's icon `beenhere`).
  const save = (page: Page) => page.locator('#main-content .actions .v-button').filter({ has: page.locator('i[data-icon="beenhere"]') }).locator('button').first();

  before(async () => {
    await mkdir(resultsDir, { recursive: true });
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    student = await cms.createUser('student', 'Алия Студентова');
    otherStudent = await cms.createUser('student', 'Борис Другой');
    cto = await cms.createUser('cto', 'Вера Техдиректор');
    published = await section({ title: LIVE_TITLE, owner: student.id, status: 'published', body: LIVE_BODY });
    othersPublished = await section({ title: 'Мониторинг', owner: otherStudent.id, status: 'published', body: 'Grafana.\n' });
  });

  after(async () => {
    await browser?.close();
    await cms?.destroy();
  });

  test('opening the section takes the student into «Правка: Алия Студентова», and the form says where the edit goes', async () => {
    const page = await loggedIn(student);
    await page.goto(`${cms.url}/admin/content/sections/${published.id}`);
    const key = proposalVersionKey(student.id);
    await page.waitForURL((url) => url.searchParams.get('version') === key);
    await notice(page).waitFor();
    assert.match(await notice(page).innerText(), /вы правите свою версию «Правка: Алия Студентова»/);
    // The header's version menu names it too, without a reload.
    await page.locator('.version-button').getByText('Правка: Алия Студентова').waitFor();
    const versions = await versionsOf(published.id);
    assert.deepEqual(versions.map((v) => [v.key, v.name, v.user_created]), [[key, 'Правка: Алия Студентова', student.id]]);

    await page.waitForLoadState('networkidle');
    await title(page).fill(`${LIVE_TITLE} и проверка восстановления`);
    await page.screenshot({ path: join(resultsDir, 'own-version-editing.png') });
    await save(page).and(page.locator('button:enabled')).waitFor();
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/versions/') && r.url().endsWith('/save'));
    await save(page).click();
    const response = await saved;
    assert.equal(response.status(), 200, await response.text());
    // The form shows the saved version: the new title, still under the notice.
    await page.waitForFunction(
      (expected) => (document.querySelector('#main-content input[field="title"]') as HTMLInputElement | null)?.value === expected,
      `${LIVE_TITLE} и проверка восстановления`,
    );
    await notice(page).waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'own-version-saved.png') });
    // No red refusal, nothing left unsaved: leaving the page asks nothing.
    assert.equal(await page.locator('.notification.danger, .v-notification.danger').count(), 0, 'no error shown');
    let asked = false;
    page.on('dialog', (dialog) => { asked = true; void dialog.dismiss(); });
    await page.locator('#navigation a[href="/admin/content/sections"], #module-navigation a[href="/admin/content/sections"]').first().click();
    await page.waitForURL((url) => url.pathname === '/admin/content/sections');
    assert.equal(asked, false);
    assert.equal(await page.getByText('Несохранённые изменения', { exact: false }).count(), 0, 'no unsaved-changes dialog');

    // The edit waits in the version; the live section is as it was.
    const [version] = await versionsOf(published.id);
    assert.equal(version?.delta?.title, `${LIVE_TITLE} и проверка восстановления`);
    const live = (await cms.api('GET', `/items/sections/${published.id}?fields=title,body`)).body.data;
    assert.deepEqual(live, { title: LIVE_TITLE, body: LIVE_BODY });
    await page.context().close();
  });

  test("another student's published section: no notice, no version made", async () => {
    const page = await loggedIn(student);
    await page.goto(`${cms.url}/admin/content/sections/${othersPublished.id}`);
    await title(page).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await notice(page).count(), 0);
    assert.equal(new URL(page.url()).searchParams.get('version'), null);
    assert.deepEqual(await versionsOf(othersPublished.id), []);
    await page.context().close();
  });

  test('the CTO opening the section stays on the live text and sees the student\'s version in the menu', async () => {
    const page = await loggedIn(cto);
    await page.goto(`${cms.url}/admin/content/sections/${published.id}`);
    await title(page).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await notice(page).count(), 0);
    assert.equal(new URL(page.url()).searchParams.get('version'), null);
    assert.equal(await title(page).inputValue(), LIVE_TITLE);
    await page.screenshot({ path: join(resultsDir, 'own-version-cto.png') });
    await page.context().close();
  });
});
