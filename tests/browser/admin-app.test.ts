import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, loginToAdmin } from '../support/browser.js';
import { startTestCms, TEST_GUIDE_URL, type TestCms, type TestUser } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';
import { DASHBOARD } from '../../core/fixed-ids.js';
import { panels } from '../../migrations/0004-progress-dashboard.js';

// What a person sees in the real admin app (served by Directus at /admin) in Chromium: the role's
// bookmarks, read-only forms on other people's sections, a working save on one's own, and the
// CTO's dashboard. Screenshots land in test-results/ (git-ignored) for a human to look at.

const resultsDir = join(repoRoot, 'test-results');
const ACTION_TIMEOUT = 20_000;

interface Section {
  id: string;
  code: string;
  title: string;
}

/** The first response that matches, among those seen so far or arriving within a minute. */
async function responseSeen(seen: readonly Response[], matches: (response: Response) => boolean, what: string): Promise<Response> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const found = seen.find(matches);
    if (found) return found;
  }
  throw new Error(`the admin app made no request for ${what} within a minute`);
}

describe('the admin app in Chromium', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let browser: Browser;
  let student: TestUser;
  let otherStudent: TestUser;
  let cto: TestUser;
  let own: Section;
  let others: Section;
  let inReview: Section;
  const contexts: BrowserContext[] = [];

  async function createSection(body: Record<string, unknown>): Promise<Section> {
    const response = await cms.api('POST', '/items/sections', { body });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.data;
  }

  async function readSection(id: string) {
    const response = await cms.api('GET', `/items/sections/${id}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.data;
  }

  /** A fresh context (no cookies, no storage) with the user logged in through the login form. */
  async function loggedIn(user: TestUser, viewport = { width: 1400, height: 1000 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'ru-RU' });
    contexts.push(context);
    context.setDefaultTimeout(ACTION_TIMEOUT);
    const page = await context.newPage();
    await loginToAdmin(page, cms.url, user.email, user.password);
    return page;
  }

  /** Opens a section's item page and waits until its form shows the stored title. */
  async function openSection(page: Page, section: Section) {
    await page.goto(`${cms.url}/admin/content/sections/${section.id}`);
    const title = page.locator('#main-content input[field="title"]');
    await title.waitFor({ state: 'visible' });
    await page.waitForFunction(
      ({ expected }) => (document.querySelector('#main-content input[field="title"]') as HTMLInputElement | null)?.value === expected,
      { expected: section.title },
    );
    // The form can show the value before the app has settled what the account may edit (the item's
    // permissions and versions arrive separately; on a busy machine, later): wait for every request.
    await page.waitForLoadState('networkidle');
    return {
      title,
      // The header's primary action (✓): Directus disables it until there is something to save.
      save: page.locator('#main-content .actions .v-button').filter({ has: page.locator('i[data-icon="check"]') }).locator('button').first(),
      editableInputs: page.locator('#main-content .v-form').locator('input:not([disabled]):not([readonly]), textarea:not([disabled]):not([readonly])'),
      // The markdown body is a CodeMirror editor: its wrapper says whether it is read-only.
      body: page.locator('#main-content .v-form .interface-input-rich-text-md'),
    };
  }

  /** The app scrolls inside its own panes, so a full-page shot is the viewport; wait for lazy parts first. */
  async function screenshot(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, name) });
  }

  const bookmarks = (page: Page) => page.locator('#module-navigation a.bookmark');
  const rows = (page: Page) => page.locator('#main-content tbody tr.table-row');

  before(async () => {
    await mkdir(resultsDir, { recursive: true });
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    student = await cms.createUser('student', 'Алия Студентова');
    otherStudent = await cms.createUser('student', 'Борис Другой');
    cto = await cms.createUser('cto', 'Вера Техдиректор');
    own = await createSection({ title: 'Свой раздел студента', owner: student.id, status: 'in_progress' });
    others = await createSection({ title: 'Чужой раздел', owner: otherStudent.id, status: 'in_progress', body: '# Черновик\n\nТекст Бориса.' });
    inReview = await createSection({ title: 'Раздел на проверке', owner: otherStudent.id, status: 'review', parent: others.id });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await cms?.destroy();
  });

  test('a student sees the bookmark «Мои разделы», which lists only their own sections, and no CTO views', async () => {
    const page = await loggedIn(student);
    await page.goto(`${cms.url}/admin/content/sections`);
    const myBookmark = bookmarks(page).filter({ hasText: 'Мои разделы' });
    await myBookmark.waitFor();
    const names = (await bookmarks(page).allInnerTexts()).map((name) => name.trim()).sort();
    assert.deepEqual(names, ['Мои: на проверке', 'Мои разделы', 'Свободные разделы'].sort());

    await myBookmark.click();
    await page.waitForURL(/[?&]bookmark=/);
    await rows(page).filter({ hasText: own.title }).waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('#main-content tbody tr.table-row').length === count, 1);
    assert.equal(await rows(page).filter({ hasText: others.title }).count(), 0, 'someone else\'s section is not in «Мои разделы»');

    // Insights is the CTO's: a student's module bar has no link to it.
    assert.equal(await page.locator('a[href^="/admin/insights"]').count(), 0);
  });

  test('a student cannot save a change to someone else\'s section', async () => {
    const before = await readSection(others.id);
    const page = await loggedIn(student);
    const form = await openSection(page, others);

    assert.equal(await form.title.isDisabled(), true, 'the title field is disabled');
    assert.equal(await form.editableInputs.count(), 0, 'no input of the form is editable');
    assert.match((await form.body.getAttribute('class')) ?? '', /\bdisabled\b/, 'the markdown body is read-only');
    assert.equal(await form.save.isDisabled(), true, 'the save button is disabled');
    await screenshot(page, 'student-others-section.png');

    // Try anyway, as a user would: click into the title, type, press the save shortcut.
    const patches: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/items/sections')) patches.push(request.url());
    });
    await form.title.click({ force: true });
    await page.keyboard.type(' — взлом');
    await form.body.locator('.CodeMirror-code').click({ force: true });
    await page.keyboard.type('Правка чужого текста');
    await page.keyboard.press('Control+s');
    assert.equal(await form.title.inputValue(), others.title, 'typing did not change the title');
    assert.doesNotMatch(await form.body.innerText(), /Правка чужого текста/, 'typing did not change the body');
    assert.equal(await form.save.isDisabled(), true);
    // Nothing was sent, and the stored item is as it was.
    await page.reload();
    await openSection(page, others);
    assert.deepEqual(patches, []);
    const afterwards = await readSection(others.id);
    assert.equal(afterwards.title, before.title);
    assert.equal(afterwards.body, before.body);
    assert.equal(afterwards.date_updated, before.date_updated);
    assert.equal(afterwards.user_updated, before.user_updated);
  });

  test('the same student can change and save their own section', async () => {
    const page = await loggedIn(student);
    const form = await openSection(page, own);
    // The app may still be settling the form on a loaded machine: give it until the action timeout.
    await page
      .waitForFunction(() => {
        const input = document.querySelector('#main-content input[field="title"]') as HTMLInputElement | null;
        return input !== null && !input.disabled && !input.readOnly;
      }, undefined, { timeout: ACTION_TIMEOUT })
      .catch(() => {});
    assert.equal(await form.title.isEditable(), true, 'the title field is editable');
    assert.equal(await form.save.isDisabled(), true, 'nothing to save yet');
    await screenshot(page, 'student-own-section.png');
    // The structure and the plan are the CTO's: the form shows them read-only to her (DESIGN.md).
    const field = (name: string) => page.locator(`#main-content .v-form [data-field="${name}"]`);
    assert.equal(await field('code').locator('input').isDisabled(), true, 'Код is read-only');
    assert.equal(await field('parent').locator('button.v-list-item').first().isDisabled(), true, 'Родительский раздел is read-only');
    assert.equal(await field('due_date').locator('button.v-list-item').first().isDisabled(), true, 'Срок is read-only');
    assert.equal(await field('previous_codes').locator('input').isDisabled(), true, 'Прежние коды are read-only');
    assert.equal(await field('summary').locator('textarea').isEditable(), true, 'Кратко is hers to write');

    const newTitle = `${own.title} (исправлено)`;
    await form.title.fill(newTitle);
    await form.save.and(page.locator('button:enabled')).waitFor(); // enabled once there is an edit
    const saved = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes(`/items/sections/${own.id}`));
    await form.save.click();
    const response = await saved;
    assert.equal(response.status(), 200, await response.text());

    const stored = await readSection(own.id);
    assert.equal(stored.title, newTitle);
    assert.equal(stored.user_updated, student.id);
    assert.equal(stored.owner, student.id);
    own = { ...own, title: newTitle };
    // The app shows the saved title too, after a fresh load.
    await openSection(page, own);
  });

  test('the revisions sidebar of a section works for a student and the CTO (no revisions, comments or activity request refused)', async () => {
    for (const user of [student, cto]) {
      const page = await loggedIn(user);
      const failed: string[] = [];
      // Every response is kept and looked for afterwards: on a busy machine opening the section can
      // take longer than one waitForResponse's timeout, which then failed the test with the count
      // already answered.
      const seen: Response[] = [];
      page.on('response', (response) => {
        seen.push(response);
        if (/\/(revisions|comments|activity)\b/.test(response.url()) && response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await openSection(page, others);
      const counted = await responseSeen(seen, (response) => response.url().includes('/revisions?') && response.url().includes('aggregate'), 'the revisions count');
      assert.equal(counted.status(), 200, 'the revisions count');
      // Open the sidebar's revisions: the app then reads them with activity.ip, activity.user_agent and the data.
      await page.locator('#sidebar').getByText(/^(Revisions|Ревизии|Редакции|История изменений)$/).first().click();
      const list = await responseSeen(seen, (response) => response.url().includes('/revisions?') && decodeURIComponent(response.url()).includes('activity.ip'), 'the revisions list');
      assert.equal(list.status(), 200, await list.text());
      const rows = ((await list.json()) as { data: { activity: { user: { id: string } | null; ip: string | null } }[] }).data;
      assert.ok(rows.length > 0, 'the creation revision');
      assert.ok(rows.every((row) => row.activity.user?.id === user.id || row.activity.ip === null), 'others’ IP hidden');
      await screenshot(page, `${user === cto ? 'cto' : 'student'}-revisions-sidebar.png`);
      assert.deepEqual(failed, []);
    }
  });

  test('the CTO sees the CTO bookmarks and the dashboard «Прогресс документации» in Insights', async () => {
    const page = await loggedIn(cto, { width: 1920, height: 1300 }); // room for the whole dashboard beside the sidebar
    await page.goto(`${cms.url}/admin/content/sections`);
    const reviewBookmark = bookmarks(page).filter({ hasText: 'На проверке' });
    await reviewBookmark.waitFor();
    const names = (await bookmarks(page).allInnerTexts()).map((name) => name.trim()).sort();
    assert.deepEqual(names, ['Без владельца', 'В разработке', 'Давно не обновлялись', 'На проверке', 'Просрочены'].sort());
    // The module bar's "?" opens the team's editors' guide, not Directus's documentation.
    assert.equal(await page.locator(`#navigation a[href="${TEST_GUIDE_URL}"], .module-bar a[href="${TEST_GUIDE_URL}"]`).count(), 1, 'a link to the editors’ guide');
    assert.equal(await page.locator('a[href*="docs.directus.io"]').count(), 0, 'no link to the Directus docs');

    await reviewBookmark.click();
    await page.waitForURL(/[?&]bookmark=/);
    await rows(page).filter({ hasText: inReview.title }).waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('#main-content tbody tr.table-row').length === count, 1);

    await page.goto(`${cms.url}/admin/insights`);
    await page.locator('#module-navigation a', { hasText: 'Прогресс документации' }).click();
    await page.waitForURL(`**/admin/insights/${DASHBOARD.progress}`);
    const main = page.locator('#main-content');
    await main.locator('header h1, .title h1').filter({ hasText: 'Прогресс документации' }).first().waitFor();
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tile = (name: string) => main.locator('.v-workspace-tile').filter({ has: page.locator('.header .name', { hasText: new RegExp(`^${escape(name)}$`) }) });
    for (const panel of panels) await tile(panel.name).waitFor();
    // Panels show the data, not just their frames: one section in review, the chapter roll-up, the queue.
    await tile('На проверке').locator('.tile-content').getByText('1', { exact: true }).waitFor();
    await tile('Прогресс по главам').getByText(`${others.code} ${others.title} — 0% (0/1)`).waitFor();
    await tile('Очередь проверки').getByText(`${inReview.code} ${inReview.title}`).waitFor();
    // Who is behind, by name: each owner's non-archived sections and how many are done.
    await tile('По ответственным').getByText('Борис Другой — готово 0 из 2 (0%)').waitFor();
    await tile('По ответственным').getByText('Алия Студентова — готово 0 из 1 (0%)').waitFor();
    await tile('📝 В разработке').locator('.tile-content').getByText('2', { exact: true }).waitFor();
    await screenshot(page, 'cto-dashboard.png');
  });
});
