import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser, loginToAdmin } from '../support/browser.js';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';

// Where Directus's own Russian stops, the team met English: the users list, the version dialogs
// the CTO reviews with, the owner picker's title. Migration 0022 fills those in; this drives the
// real admin app as the CTO and reads what is on the screen. Screenshots land in test-results/.

const resultsDir = join(repoRoot, 'test-results');
const ENGLISH_LEFT_OVER = /Active Users|Suspended Users|Invited Users|Difference|promote|Main\b|Directus Users/;

describe('the admin app speaks Russian where Directus does not', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let browser: Browser;
  let page: Page;
  let student: TestUser;
  let published: { id: string };
  let versionKey: string;

  before(async () => {
    await mkdir(resultsDir, { recursive: true });
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    student = await cms.createUser('student', 'Алия Студентова');
    const cto = await cms.createUser('cto', 'Вера Техдиректор');
    const created = await cms.api('POST', '/items/sections', {
      body: { title: 'Серверная архитектура', owner: student.id, status: 'published', body: '## Основной сервер\n\nUbuntu 22.04, 8 ядер.\n' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    published = created.body.data;
    // The student's edit of a published section waits in a content version for the CTO.
    const edit = await cms.api('PATCH', `/items/sections/${published.id}`, { token: student.token, body: { body: '## Основной сервер\n\nUbuntu 24.04, 16 ядер.\n' } });
    assert.equal(edit.status, 409, JSON.stringify(edit.body));
    const versions = await cms.api('GET', `/versions?filter[item][_eq]=${published.id}&fields=key`);
    versionKey = versions.body.data[0].key;
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await loginToAdmin(page, cms.url, cto.email, cto.password);
  });

  after(async () => {
    await browser?.close();
    await cms?.destroy();
  });

  test('the users list: active, suspended and invited users are named in Russian', async () => {
    await page.goto(`${cms.url}/admin/users`);
    const nav = page.locator('#module-navigation');
    await nav.getByText('Приглашённые пользователи').waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'admin-russian-users.png') });
    const text = await nav.innerText();
    for (const name of ['Активные пользователи', 'Заблокированные пользователи', 'Приглашённые пользователи']) assert.ok(text.includes(name), `${name} in ${text}`);
    assert.doesNotMatch(`${text}\n${await page.locator('#main-content header').first().innerText()}`, ENGLISH_LEFT_OVER);
  });

  test("the CTO accepts a student's version in Russian: the menu, the comparison and the confirmation", async () => {
    await page.goto(`${cms.url}/admin/content/sections/${published.id}?version=${versionKey}`);
    await page.locator('.version-button').click();
    const menu = page.locator('.v-menu-content').last();
    await menu.getByText('Принять версию').waitFor();
    assert.doesNotMatch(await menu.innerText(), /Повысить|Переименовать Версию/);
    await menu.getByText('Принять версию').click();
    await page.getByText('Различий: 1').waitFor();
    await page.getByText('Только различия').waitFor();
    await page.screenshot({ path: join(resultsDir, 'admin-russian-compare.png') });
    await page.getByRole('button', { name: 'Применить' }).click();
    const confirm = page.getByText('Текст версии «Правка: Алия Студентова» станет основным.', { exact: false });
    await confirm.waitFor();
    await page.screenshot({ path: join(resultsDir, 'admin-russian-promote.png') });
    assert.doesNotMatch(await page.locator('body').innerText(), ENGLISH_LEFT_OVER);
    await page.keyboard.press('Escape');
  });

  test('the owner picker is titled «Пользователи», and the users collection keeps the rest of its Directus setup', async () => {
    await page.goto(`${cms.url}/admin/content/sections/${published.id}`);
    await page.locator('#main-content [data-field="owner"] .many-to-one .v-list-item').first().click();
    const drawer = page.locator('.v-drawer').last();
    await drawer.getByText('Пользователи', { exact: true }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(resultsDir, 'admin-russian-owner-picker.png') });
    assert.doesNotMatch(await drawer.innerText(), ENGLISH_LEFT_OVER);
    // Writing the collection's meta replaces Directus's built-in one: archiving users still works.
    const { meta } = (await cms.api('GET', '/collections/directus_users')).body.data;
    assert.equal(meta.archive_field, 'status');
    assert.equal(meta.icon, 'people_alt');
  });

  test('migrating again changes nothing', async () => {
    const { log } = await cms.migrate();
    assert.ok(!log.some((line) => /admin app strings|«Пользователи»/.test(line)), log.join('\n'));
  });
});
