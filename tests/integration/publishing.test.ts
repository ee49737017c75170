import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { importSeed } from '../../content/import/seed.js';
import { repoRoot } from '../../platform/paths.js';
import { sectionPagePath, startPublishingStack, type PublishingStack } from '../support/publishing-stack.js';
import type { TestCms, TestUser } from '../support/test-cms.js';

// docker-compose.yml's topology run natively (tests/support/publishing-stack.ts): an edit saved
// in Directus reaches the served site and the git mirror by itself.

const run = promisify(execFile);
const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');

let stack: PublishingStack;
let cms: TestCms;
let cto: TestUser;
/** When set, the next read the site build makes of Directus first stops Directus. */
let stopDirectusOnNextRead = false;

const buildFetch: typeof fetch = async (input, init) => {
  if (stopDirectusOnNextRead) {
    stopDirectusOnNextRead = false;
    await cms.stop();
  }
  return fetch(input, init);
};

before(async () => {
  stack = await startPublishingStack({
    mirror: true,
    fetch: buildFetch,
    fill: async (filled) => {
      await importSeed({ client: filled.admin, path: SEED, progress: null });
      cto = await filled.createUser('cto', 'Кадырхан Директор');
    },
  });
  cms = stack.cms;
});

after(() => stack?.destroy());

interface Section {
  id: string;
  code: string;
}

async function section(code: string): Promise<Section> {
  const found = await cms.api('GET', `/items/sections?filter[code][_eq]=${code}&fields=id,code`);
  const item = found.body.data[0] as Section | undefined;
  assert.ok(item, `section ${code} exists`);
  return item;
}

const pagePath = (code: string) => sectionPagePath(cms, code);

async function page(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${stack.site.url}${path}`);
  return { status: response.status, text: await response.text() };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the first build publishes the seed: the home page and a written section are served', async () => {
  const status = await stack.publishing.publisher.status();
  assert.equal(status.lastBuild?.result, 'success', status.lastBuild?.error ?? '');
  assert.ok((status.lastBuild?.pages ?? 0) > 189, 'a page per seed section and more');
  const home = await page('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<html[^>]*lang="ru"/);
  const resources = await page(await pagePath('02.02'));
  assert.equal(resources.status, 200);
  assert.match(resources.text, /Resources/);
});

test('a section the CTO saves through the API is on the served site and in the mirror\'s git log by itself', async () => {
  const target = await section('02.02');
  const marker = `Проверено ${Date.now()}: серверы работают`;
  const saved = await cms.api('PATCH', `/items/sections/${target.id}`, { token: cto.token, body: { body: `## Состояние\n\n${marker}` } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const path = await pagePath('02.02');
  await until('the new text on the served page', async () => (await page(path)).text.includes(marker));

  const status = await stack.publishing.publisher.status();
  assert.equal(status.lastBuild?.result, 'success');
  assert.ok(status.lastBuild?.latencyMs !== null, 'the build records how long the change took to go live');
  await until('the mirror commit', async () => (await stack.publishing.publisher.status()).mirror?.finishedAt !== undefined && (await mirrorLog()).includes(marker));
  const log = await mirrorLog();
  assert.match(log, /Кадырхан Директор/, 'the CTO is the author of the mirror commit');
});

async function mirrorLog(): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', stack.mirrorDir ?? '', 'log', '-p', '--format=author: %an <%ae>%n%s', '-n', '5']);
    return stdout;
  } catch {
    return '';
  }
}

test('a student\'s edit of a published page waits for review and never reaches the public site', async () => {
  const student = await cms.createUser('student', 'Айгерим Студентка');
  const target = await section('02.02.01');
  await cms.api('PATCH', `/items/sections/${target.id}`, { body: { owner: student.id } });
  await stack.publishing.publisher.idle();
  const draft = `Черновик студента ${Date.now()}`;
  const diverted = await cms.api('PATCH', `/items/sections/${target.id}`, { token: student.token, body: { body: draft } });
  assert.equal(diverted.status, 409, 'the edit went into a content version');
  await new Promise((r) => setTimeout(r, 1500));
  await stack.publishing.publisher.idle();
  assert.ok(!(await page(await pagePath('02.02.01'))).text.includes(draft));
});

test('when Directus stops in the middle of a build, the previous site stays served and the failure is reported', async () => {
  const before = await stack.publishing.publisher.status();
  const live = before.live;
  const home = await page('/');
  stopDirectusOnNextRead = true;
  stack.publishing.publisher.rebuild('test: Directus stops mid-build');
  await stack.publishing.publisher.idle();
  const after = await stack.publishing.publisher.status();
  assert.equal(after.lastBuild?.result, 'failed');
  assert.match(after.lastBuild?.error ?? '', /Directus|127\.0\.0\.1/, 'the report names what failed');
  assert.equal(after.live, live, 'the live release did not change');
  assert.equal(after.lastSuccess?.release, live);
  const served = await page('/');
  assert.equal(served.status, 200);
  assert.equal(served.text, home.text, 'readers get the same site as before');
  const report = await (await fetch(`${stack.publishing.server.url}/status`)).json();
  assert.equal(report.lastBuild.result, 'failed');
  assert.equal(typeof report.lastBuild.durationMs, 'number');
});
