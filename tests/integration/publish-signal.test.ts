import { after, before, test } from 'node:test';
import type { PublishSignal } from '../../core/publish-signal.js';
import assert from 'node:assert/strict';
import { startPublisherServer, type RunningPublisherServer } from '../../publishing/signal-server.js';
import { freePort, startTestCms, type TestCms } from '../support/test-cms.js';
import { recordingPublisher } from '../support/recording-publisher.js';

// The hook's side of publishing: every saved change to a section reaches the publisher's signal
// endpoint, signed with the shared secret; what does not change the public site sends nothing.

const SECRET = 'signal-test-secret-0123456789';

let cms: TestCms;
let marker: string;
let markers = 0;
let rightSecret: RunningPublisherServer;
let wrongSecret: RunningPublisherServer;
const accepted = recordingPublisher();
const refused = recordingPublisher();

before(async () => {
  const port = await freePort();
  rightSecret = await startPublisherServer({ publisher: accepted, secret: SECRET, host: '127.0.0.1', port });
  cms = await startTestCms({ settings: { PUBLISHER_URL: `${rightSecret.url}/signal`, PUBLISHER_SECRET: SECRET } });
  wrongSecret = await startPublisherServer({ publisher: refused, secret: 'a-different-secret-0123456789', host: '127.0.0.1', port: 0 });
  marker = (await cms.api('POST', '/items/sections', { body: { title: 'Служебная глава для отметок' } })).body.data.id;
});
after(async () => {
  await cms?.destroy();
  await rightSecret?.close();
  await wrongSecret?.close();
});

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
  }
}

/**
 * The signals an action caused. Signals go out after the response, so a known signalling edit
 * follows it: once that one has arrived, the action's would have too. A broken notifier fails
 * here (the mark never arrives) instead of passing as "no signal".
 */
async function signalsAfter(action: () => Promise<unknown>): Promise<PublishSignal[]> {
  const from = accepted.received.length;
  await action();
  const summary = `mark ${++markers}`;
  const marked = await cms.api('PATCH', `/items/sections/${marker}`, { body: { summary } });
  assert.equal(marked.status, 200, JSON.stringify(marked.body));
  const isMark = (s: PublishSignal) => s.event === 'sections.items.update' && s.keys.length === 1 && s.keys[0] === marker;
  await until(`the signal of the edit «${summary}»`, () => accepted.received.slice(from).some(isMark));
  const since = accepted.received.slice(from);
  assert.equal(since.filter(isMark).length, 1, 'the mark arrives once');
  return since.filter((s) => !isMark(s));
}

test('creating, editing, moving and deleting sections each signal the publisher', async () => {
  let chapterId = '';
  let childId = '';
  const created = await signalsAfter(async () => {
    chapterId = (await cms.api('POST', '/items/sections', { body: { title: 'Инфраструктура', status: 'published' } })).body.data.id;
  });
  assert.deepEqual(created.map((s) => [s.event, s.keys]), [['sections.items.create', [chapterId]]]);
  assert.ok(Math.abs(Date.parse(created[0]?.at ?? '') - Date.now()) < 10_000, 'the signal says when the change happened');

  const other = (await cms.api('POST', '/items/sections', { body: { title: 'Безопасность' } })).body.data.id;
  childId = (await cms.api('POST', '/items/sections', { body: { title: 'Серверы', parent: chapterId } })).body.data.id;
  const edited = await signalsAfter(() => cms.api('PATCH', `/items/sections/${childId}`, { body: { body: 'Два сервера.' } }));
  assert.deepEqual(edited.map((s) => [s.event, s.keys]), [['sections.items.update', [childId]]]);

  const moved = await signalsAfter(() => cms.api('PATCH', `/items/sections/${childId}`, { body: { parent: other } }));
  assert.deepEqual(moved.map((s) => s.event), ['sections.items.update']);

  const deleted = await signalsAfter(() => cms.api('DELETE', `/items/sections/${childId}`));
  assert.deepEqual(deleted.map((s) => [s.event, s.keys]), [['sections.items.delete', [childId]]]);
});

test("a student's edit of a published page goes to review and sends no signal", async () => {
  const student = await cms.createUser('student', 'Данияр Студент');
  let section = '';
  await signalsAfter(async () => {
    section = (await cms.api('POST', '/items/sections', { body: { title: 'Мониторинг', status: 'published', owner: student.id } })).body.data.id;
  });
  const signals = await signalsAfter(async () => {
    const response = await cms.api('PATCH', `/items/sections/${section}`, { token: student.token, body: { body: 'Черновик' } });
    assert.equal(response.status, 409);
  });
  assert.deepEqual(signals, []);
});

test('a publisher with another secret refuses the signals: nothing is accepted', async () => {
  const other = await startTestCms({ settings: { PUBLISHER_URL: `${wrongSecret.url}/signal`, PUBLISHER_SECRET: SECRET } });
  try {
    const response = await other.api('POST', '/items/sections', { body: { title: 'Глава' } });
    assert.equal(response.status, 200, 'the save itself is not affected');
    await until('the hook reporting the refusal', () => /did not take the sections\.items\.create signal \(HTTP 401/.test(other.directus.output()));
    assert.deepEqual(refused.received, []);
  } finally {
    await other.destroy();
  }
});
