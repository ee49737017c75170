import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Chromium from Debian (`apt-get install -y chromium`); playwright never downloads its own. */
export const CHROMIUM_PATH = process.env.KB_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

function missingMessage(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``;
}

/**
 * For `describe(…, { skip })`: a reason to skip when Chromium is missing outside CI. Under CI
 * (`CI=true`) it never skips, so `launchBrowser` runs and fails the test instead.
 */
export function chromiumSkipReason(): string | undefined {
  return process.env.CI === 'true' ? undefined : missingMessage();
}

export type BrowserLaunch = { browser: Browser; skip?: undefined } | { browser?: undefined; skip: string };

/**
 * Launches the system Chromium. When it is missing: under CI (`CI=true`) this throws, so the
 * test fails; elsewhere it returns `{ skip }` with a message for `test.skip`/`describe`'s `skip`.
 */
export async function launchBrowser(): Promise<BrowserLaunch> {
  const missing = missingMessage();
  if (missing) {
    if (process.env.CI === 'true') throw new Error(`${missing} (required under CI)`);
    return { skip: missing };
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return { browser };
}

/** Logs in through the admin app's own login form and waits until the app has left the login page. */
export async function loginToAdmin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  // The app is a few MB of JavaScript; with both cores busy its first start can take longer than
  // an ordinary action is allowed.
  await page.locator('input[type="email"]').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/admin/') && !url.pathname.startsWith('/admin/login'), { timeout: 30_000 });
}
