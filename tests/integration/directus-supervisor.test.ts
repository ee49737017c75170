import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bootstrapDirectus, directusProcessEnv } from '../../cms/server/directus-process.js';
import { superviseDirectus, type SupervisedDirectus } from '../../cms/server/directus-supervisor.js';
import { repoRoot } from '../../platform/paths.js';
import { startStaticServer, type RunningStaticServer } from '../../publishing/static-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { freePort } from '../support/test-cms.js';

// `npm start`'s Directus under its supervisor, beside the static site server: kill -9 of Directus
// leaves the site answering with the last build, and Directus answers again after a logged restart.

let db: TestDatabase;
let site: RunningStaticServer;
let supervised: SupervisedDirectus;
const logged: string[] = [];
const restartedPids: number[] = [];

before(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await mkdir(join(db.dir, 'uploads'), { recursive: true });
  const env = directusProcessEnv(
    {
      ...db.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      SECRET: randomBytes(24).toString('hex'),
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      STORAGE_LOCATIONS: 'local',
      STORAGE_LOCAL_ROOT: join(db.dir, 'uploads'),
      EXTENSIONS_PATH: join(db.dir, 'no-extensions'),
      LOG_LEVEL: 'warn',
      PRESSURE_LIMITER_ENABLED: 'false',
    },
    db.dir,
  );
  await bootstrapDirectus(env, repoRoot);
  supervised = await superviseDirectus({
    env,
    cwd: repoRoot,
    url,
    log: (line) => logged.push(line),
    policy: { initialMs: 200, factor: 2, maxMs: 2_000, stableMs: 60_000 },
    onRestarted: (directus) => void restartedPids.push(directus.child.pid ?? 0),
  });
  const live = join(db.dir, 'live');
  await mkdir(live);
  await writeFile(join(live, 'index.html'), '<!doctype html><title>last good build</title><p>Разделы');
  site = await startStaticServer({ rootDir: live, host: '127.0.0.1', port: 0 });
});
after(async () => {
  await supervised?.stop();
  await site?.close();
  await db?.drop();
});

async function answers(url: string): Promise<number | null> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return null;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; the supervisor logged: ${logged.join(' | ')}`);
  }
}

test('kill -9 of Directus: the site keeps answering while it is down, and Directus answers again after a logged restart', async () => {
  const ping = `${supervised.url}/server/ping`;
  assert.equal(await answers(ping), 200);
  for (const round of [1, 2]) {
    const victim = supervised.current().child;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    process.kill(victim.pid ?? 0, 'SIGKILL');
    await exited;
    // Directus is gone: the site still serves the last build.
    assert.equal(await answers(ping), null, 'nothing answers where Directus was');
    const page = await fetch(`${site.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /last good build/);

    // The supervisor counts a restart once the new process answers its ping.
    await until(`Directus to be restarted (round ${round})`, async () => supervised.restarts() === round);
    assert.equal(await answers(ping), 200);
    assert.notEqual(supervised.current().child.pid, victim.pid, 'a new process answers');
    assert.equal(restartedPids.at(-1), supervised.current().child.pid);
    assert.equal((await fetch(`${site.url}/`)).status, 200);
  }
  const crashLines = logged.filter((line) => /stopped unexpectedly \(signal SIGKILL\)/.test(line));
  assert.equal(crashLines.length, 2, logged.join('\n'));
  // Two crashes within stableMs are two in a row: the second waited twice as long.
  assert.match(crashLines[0] ?? '', /in 0\.2 s \(crash 1 in a row\)/);
  assert.match(crashLines[1] ?? '', /in 0\.4 s \(crash 2 in a row\)/);
  assert.equal(logged.filter((line) => /is answering again/.test(line)).length, 2);
});

test('after stop() nothing restarts it', async () => {
  const victim = supervised.current().child;
  await supervised.stop();
  assert.ok(victim.exitCode !== null || victim.signalCode !== null);
  const before = logged.length;
  assert.equal(await answers(`${supervised.url}/server/ping`), null);
  assert.equal(logged.length, before, 'a stop is not a crash');
});
