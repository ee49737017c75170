import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SKEW_SECONDS, signBody, SIGNATURE_HEADER } from '../core/publish-signal.js';
import { createPublisher, type Publisher } from './publisher.js';
import { startPublisherServer } from './signal-server.js';
import { siteReleases } from './releases.js';
import { createReplayGuard } from './replay-guard.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kb-publisher-'));
});
after(() => rm(root, { recursive: true, force: true }));

const signal = (event = 'sections.items.update') => ({ event, keys: ['x'], at: new Date().toISOString() });

/** A build that writes its number into index.html, or fails when told to, or waits at a gate. */
function fakeBuild() {
  const state = { builds: 0, fail: null as string | null, gate: null as Promise<void> | null, started: () => {} };
  const build = async (outDir: string) => {
    state.builds += 1;
    state.started();
    if (state.gate) await state.gate;
    await writeFile(join(outDir, 'index.html'), `build ${state.builds}`);
    if (state.fail) throw new Error(state.fail);
    return { pages: 1 };
  };
  return { state, build };
}

async function liveText(dir: string): Promise<string> {
  return readFile(join(dir, 'live/index.html'), 'utf8');
}

test('a burst of signals makes one build, which goes live', async () => {
  const dir = await mkdtemp(join(root, 'burst-'));
  const { state, build } = fakeBuild();
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 50 });
  for (let i = 0; i < 10; i++) publisher.signal(signal());
  await publisher.idle();
  assert.equal(state.builds, 1);
  assert.equal(await liveText(dir), 'build 1');
  const status = await publisher.status();
  assert.equal(status.lastBuild?.result, 'success');
  assert.equal(status.lastBuild?.signals, 10);
  assert.ok((status.lastBuild?.latencyMs ?? -1) >= 0);
  await publisher.close();
});

test('signals during a build lead to exactly one more build after it', async () => {
  const dir = await mkdtemp(join(root, 'during-'));
  const { state, build } = fakeBuild();
  let release = () => {};
  state.gate = new Promise((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (state.started = resolve));
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 10 });
  publisher.signal(signal());
  await started;
  assert.equal((await publisher.status()).state, 'building');
  publisher.signal(signal());
  publisher.signal(signal());
  assert.equal((await publisher.status()).pendingSignals, 2, 'held until the running build is done');
  state.gate = null;
  release();
  await publisher.idle();
  assert.equal(state.builds, 2);
  assert.equal(await liveText(dir), 'build 2');
  await publisher.close();
});

test('a failed build leaves the previous site live, is reported, and leaves no half-built release', async () => {
  const dir = await mkdtemp(join(root, 'fail-'));
  const { state, build } = fakeBuild();
  const releases = siteReleases(dir);
  const publisher = createPublisher({ releases, build, debounceMs: 10, retryMs: 0 });
  publisher.rebuild('start');
  await publisher.idle();
  const good = await releases.live();
  state.fail = 'Directus is not reachable at http://127.0.0.1:1';
  publisher.signal(signal());
  await publisher.idle();
  assert.equal(await liveText(dir), 'build 1');
  assert.equal(await releases.live(), good);
  const status = await publisher.status();
  assert.equal(status.lastBuild?.result, 'failed');
  assert.match(status.lastBuild?.error ?? '', /Directus is not reachable/);
  assert.equal(status.lastSuccess?.release, good);
  assert.deepEqual(status.builds, { succeeded: 1, failed: 1 });
  assert.deepEqual(await readdir(join(dir, 'builds')), [good]);
  await publisher.close();
});

test('old releases are pruned, keeping the live one and the newest others', async () => {
  const dir = await mkdtemp(join(root, 'prune-'));
  const { build } = fakeBuild();
  const releases = siteReleases(dir);
  const publisher = createPublisher({ releases, build, debounceMs: 1, keepReleases: 1 });
  for (let i = 0; i < 4; i++) {
    publisher.rebuild();
    await publisher.idle();
  }
  const kept = await readdir(join(dir, 'builds'));
  assert.equal(kept.length, 2);
  assert.ok(kept.includes((await releases.live()) as string));
  await publisher.close();
});

test('the mirror runs after a successful build and its failure does not affect the site', async () => {
  const dir = await mkdtemp(join(root, 'mirror-'));
  const { build } = fakeBuild();
  let mirrored = 0;
  const publisher = createPublisher({
    releases: siteReleases(dir),
    build,
    debounceMs: 1,
    mirror: async () => {
      mirrored += 1;
      if (mirrored === 2) throw new Error('git: not a repository');
      return `${mirrored} commit`;
    },
  });
  publisher.signal(signal());
  await publisher.idle();
  assert.equal((await publisher.status()).mirror?.summary, '1 commit');
  publisher.signal(signal());
  await publisher.idle();
  const status = await publisher.status();
  assert.equal(status.lastBuild?.result, 'success');
  assert.equal(status.mirror?.result, 'failed');
  assert.match(status.mirror?.error ?? '', /not a repository/);
  await publisher.close();
});

test('the signal endpoint takes only signals signed with the shared secret', async () => {
  const dir = await mkdtemp(join(root, 'server-'));
  const { state, build } = fakeBuild();
  const publisher: Publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 1 });
  const server = await startPublisherServer({ publisher, secret: 'shared-secret', host: '127.0.0.1', port: 0 });
  try {
    const body = JSON.stringify(signal());
    const post = (headers: Record<string, string>, payload = body) => fetch(`${server.url}/signal`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });

    const unsigned = await post({});
    assert.equal(unsigned.status, 401);
    assert.match((await unsigned.json()).error, /no x-kb-signature header/);
    const wrong = await post({ [SIGNATURE_HEADER]: signBody('guess', body, Date.now()) });
    assert.equal(wrong.status, 401);
    const plainSecret = await post({ authorization: 'Bearer shared-secret' });
    assert.equal(plainSecret.status, 401);
    const badShape = '{"event":1}';
    assert.equal((await post({ [SIGNATURE_HEADER]: signBody('shared-secret', badShape, Date.now()) }, badShape)).status, 400);
    await publisher.idle();
    assert.equal(state.builds, 0, 'refused signals start no build');

    const good = await post({ [SIGNATURE_HEADER]: signBody('shared-secret', body, Date.now()) });
    assert.equal(good.status, 202);
    await publisher.idle();
    assert.equal(state.builds, 1);
    const status = await (await fetch(`${server.url}/status`)).json();
    assert.equal(status.lastBuild.result, 'success');
    assert.equal(typeof status.lastBuild.durationMs, 'number');
    assert.ok(status.lastBuild.finishedAt);
  } finally {
    await server.close();
    await publisher.close();
  }
});

test('on hold, signals are collected and built once at the first rebuild', async () => {
  const dir = await mkdtemp(join(root, 'hold-'));
  const { state, build } = fakeBuild();
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 1, hold: true });
  for (let i = 0; i < 5; i++) publisher.signal(signal('sections.items.create'));
  // Nothing is even scheduled (`waiting` would mean a build after the debounce).
  assert.deepEqual([(await publisher.status()).state, (await publisher.status()).pendingSignals, state.builds], ['idle', 5, 0]);
  publisher.rebuild('start');
  await publisher.idle();
  assert.equal(state.builds, 1);
  assert.equal((await publisher.status()).lastBuild?.trigger, 'start');
  await publisher.close();
});

test('a captured signal sent again inside its 5-minute window is refused; the next real one is taken', async () => {
  const dir = await mkdtemp(join(root, 'replay-'));
  const { state, build } = fakeBuild();
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 1 });
  const server = await startPublisherServer({ publisher, secret: 'shared-secret', host: '127.0.0.1', port: 0 });
  try {
    const body = JSON.stringify(signal());
    const header = signBody('shared-secret', body, Date.now());
    const post = () => fetch(`${server.url}/signal`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: header }, body });
    assert.equal((await post()).status, 202);
    await publisher.idle();
    const replayed = await post();
    assert.equal(replayed.status, 409);
    assert.match((await replayed.json()).error, /already received/);
    await publisher.idle();
    assert.equal(state.builds, 1, 'the replay started no build');
    const next = JSON.stringify(signal());
    const fresh = await fetch(`${server.url}/signal`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody('shared-secret', next, Date.now()) }, body: next });
    assert.equal(fresh.status, 202);
    await publisher.idle();
    assert.equal(state.builds, 2);
  } finally {
    await server.close();
    await publisher.close();
  }
});

test('the replay guard forgets a signature once it could no longer be accepted, and stays within its cap', () => {
  let clock = Date.UTC(2026, 0, 1);
  const guard = createReplayGuard({ now: () => clock, maxEntries: 3 });
  const header = signBody('s', '{}', clock);
  assert.equal(guard.firstTime(header), true);
  assert.equal(guard.firstTime(header), false);
  clock += (MAX_SKEW_SECONDS + 1) * 1000;
  guard.firstTime(signBody('s', '{"a":1}', clock));
  assert.equal(guard.size, 1, 'the expired signature was dropped');
  for (let i = 0; i < 10; i++) guard.firstTime(signBody('s', `{"n":${i}}`, clock));
  assert.ok(guard.size <= 3);
  assert.equal(guard.firstTime('t=1,v1=nothex'), false, 'a malformed header is never taken');
});

test('only complete builds are releases: one a crash interrupted is never kept as a rollback copy', async () => {
  const dir = await mkdtemp(join(root, 'crash-'));
  const releases = siteReleases(dir);
  const { build } = fakeBuild();
  const publisher = createPublisher({ releases, build, debounceMs: 1, keepReleases: 2 });
  publisher.rebuild();
  await publisher.idle();
  const good = await releases.live();
  // What a crash in the middle of a build leaves: a prepared folder, half written.
  const crashed = await releases.prepare(new Date(Date.now() + 1000));
  await writeFile(join(crashed.dir, 'index.html'), 'half');
  for (let i = 0; i < 3; i++) {
    publisher.rebuild();
    await publisher.idle();
  }
  const kept = await releases.complete();
  assert.ok(!kept.includes(crashed.id), 'the interrupted build is not a release');
  assert.deepEqual(await readdir(join(dir, 'builds')).then((names) => names.filter((n) => n.includes(crashed.id))), [], 'and it is gone');
  assert.equal(kept.length, 3, 'the live build and two complete rollback copies');
  assert.ok(!kept.includes(good as string), 'the oldest complete one was pruned');
  await publisher.close();

  const again = await releases.prepare();
  assert.deepEqual(await releases.sweep(), [again.id], 'a start sweeps what the previous run left');
});

test('the broken links a build reports are kept with it and shown for the live site, and a failed build keeps the live one\'s', async () => {
  const dir = await mkdtemp(join(root, 'links-'));
  const link = { code: '02.01', title: 'Серверы', line: 7, target: '/c/09.09/', reason: 'no-section' as const, targetCode: null };
  let fail = false;
  const publisher = createPublisher({
    releases: siteReleases(dir),
    debounceMs: 10,
    retryMs: 0,
    build: async (outDir) => {
      await writeFile(join(outDir, 'index.html'), 'site');
      if (fail) throw new Error('Directus is down');
      return { pages: 1, brokenLinks: [link] };
    },
  });
  publisher.rebuild('test');
  await publisher.idle();
  let status = await publisher.status();
  assert.deepEqual(status.lastBuild?.brokenLinks, [link]);
  assert.deepEqual(status.brokenLinks, [link]);
  fail = true;
  publisher.rebuild('test');
  await publisher.idle();
  status = await publisher.status();
  assert.equal(status.lastBuild?.brokenLinks, null);
  assert.deepEqual(status.brokenLinks, [link], 'the live site still has them');
  await publisher.close();
});

test('while an import holds publishing no build runs, its own start build included; the release signal builds once', async () => {
  const dir = await mkdtemp(join(root, 'held-'));
  const { state, build } = fakeBuild();
  let holdUntil: number | null = Date.now() + 3_600_000;
  const log: string[] = [];
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 10, heldUntil: async () => holdUntil, log: (line) => log.push(line) });
  publisher.rebuild('start');
  publisher.signal(signal('sections.items.create'));
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(state.builds, 0, 'nothing is built while the import applies');
  const waiting = await publisher.status();
  assert.equal(waiting.state, 'waiting');
  assert.equal(waiting.heldUntil, new Date(holdUntil).toISOString());
  assert.ok(log.some((line) => /Publishing waits while an import is applying/.test(line)), log.join('\n'));
  holdUntil = null;
  publisher.signal(signal('import.completed'));
  await publisher.idle();
  assert.equal(state.builds, 1, 'one build for the start and everything the import did');
  assert.equal((await publisher.status()).lastBuild?.signals, 2);
  await publisher.close();
});

test('a hold that expires (a crashed import) lets the waiting build run without any signal', async () => {
  const dir = await mkdtemp(join(root, 'expired-'));
  const { state, build } = fakeBuild();
  const expires = Date.now() + 200;
  const publisher = createPublisher({ releases: siteReleases(dir), build, debounceMs: 10, heldUntil: async () => (Date.now() < expires ? expires : null) });
  publisher.rebuild('retry');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(state.builds, 0);
  await publisher.idle();
  assert.equal(state.builds, 1);
  assert.ok(Date.now() >= expires);
  assert.equal((await publisher.status()).heldUntil, null);
  await publisher.close();
});
