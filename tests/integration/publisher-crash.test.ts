import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signBody, SIGNATURE_HEADER } from '../../core/publish-signal.js';
import { importSeed } from '../../content/import/seed.js';
import { repoRoot } from '../../platform/paths.js';
import { startCli, type RunningCli } from '../support/run-cli.js';
import { freePort, startTestCms, type TestCms } from '../support/test-cms.js';

// The publisher as docker-compose runs it (`scripts/publish.ts`, its own process) killed with
// SIGKILL in the middle of a build: the half-written build must never become a release — not
// served, and not kept as one of the rollback copies — once the publisher is back.

const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');
const SECRET = 'crash-test-publisher-secret-0123456789';

let cms: TestCms;
let work: string;
let port: number;
let publisher: RunningCli | null = null;

before(async () => {
  cms = await startTestCms();
  await importSeed({ client: cms.admin, path: SEED, progress: null });
  work = await mkdtemp(join(tmpdir(), 'kb-publisher-crash-'));
  port = await freePort();
});
after(async () => {
  publisher?.kill();
  await publisher?.done;
  await cms?.destroy();
  if (work) await rm(work, { recursive: true, force: true });
});

const releasesDir = () => join(work, 'site');
const buildsDir = () => join(releasesDir(), 'builds');

function startPublisher(args: string[] = []): RunningCli {
  return startCli(cms, 'scripts/publish.ts', args, {
    env: {
      PUBLISHER_HOST: '127.0.0.1',
      PUBLISHER_PORT: String(port),
      PUBLISHER_SECRET: SECRET,
      PUBLISH_DEBOUNCE_MS: '0',
      SITE_RELEASES_DIR: releasesDir(),
      SITE_URL: 'http://127.0.0.1:4321',
      MIRROR_DIR: '',
    },
  });
}

async function status(): Promise<{ state: string; live: string | null; lastBuild: { result: string } | null } | null> {
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as never;
  } catch {
    return null;
  }
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function signal(): Promise<void> {
  const body = JSON.stringify({ event: 'sections.items.update', keys: ['crash-test'], at: new Date().toISOString() });
  const response = await fetch(`http://127.0.0.1:${port}/signal`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(SECRET, body, Date.now()) }, body });
  assert.equal(response.status, 202);
}

/** A folder of builds/ that the live link does not point to and that already holds files. */
async function halfWritten(live: string): Promise<string | null> {
  for (const name of await readdir(buildsDir()).catch(() => [] as string[])) {
    if (name === live || name.startsWith('.') || name.endsWith('.incomplete')) continue;
    const info = await stat(join(buildsDir(), name)).catch(() => null);
    if (info?.isDirectory() && (await readdir(join(buildsDir(), name))).length > 0) return name;
  }
  return null;
}

test('a build killed halfway is never served nor kept as a rollback copy after the publisher restarts', async () => {
  publisher = startPublisher();
  const first = await until('the first build', async () => ((await status())?.lastBuild?.result === 'success' ? status() : null));
  const live = first?.live as string;
  assert.ok(live);

  // Kill the publisher while its next build is being written (a state, not a delay).
  let crashed: string | null = null;
  for (let attempt = 0; attempt < 10 && !crashed; attempt++) {
    const before = (await status())?.live as string;
    await signal();
    const seen = await until('the next build to start writing, or to finish', async () => {
      const half = await halfWritten(before);
      if (half && (await status())?.state === 'building') return { half };
      const now = await status();
      return now && now.state === 'idle' && now.live !== before ? { half: null } : null;
    });
    if (seen.half) {
      publisher.kill();
      await publisher.done;
      crashed = seen.half;
    }
  }
  assert.ok(crashed, 'a build was caught halfway');
  const servedBefore = await readlink(join(releasesDir(), 'live'));
  assert.ok(!servedBefore.endsWith(crashed), 'the half build was never switched live');

  // Back up, as after a restart; `--once` builds, switches and prunes, then exits.
  publisher = startPublisher(['--once']);
  const result = await publisher.done;
  publisher = null;
  assert.equal(result.code, 0, result.stderr);
  const kept = (await readdir(buildsDir())).filter((n) => !n.startsWith('.'));
  assert.ok(!kept.some((n) => n.startsWith(crashed as string)), `the half build is gone: ${kept.join(', ')}`);
  assert.match(result.stdout, new RegExp(`Removed 1 build an earlier run did not finish \\(${crashed}\\)`));
  for (const id of kept) {
    const files = await readdir(join(buildsDir(), id));
    for (const needed of ['index.html', '404.html', 'pagefind', 'sitemap.xml']) assert.ok(files.includes(needed), `${id} is complete (${needed})`);
  }
});
