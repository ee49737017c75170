import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKbError } from '../../core/errors.js';
import { formatSourceMessage } from '../../core/source-message.js';
import { importSources } from '../../content/import/sources.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { importLimitsOf } from '../../platform/import-limits.js';
import { parseSettings } from '../../platform/settings/load-settings.js';
import { importSettings } from '../../platform/settings/schema.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';

// Directus refuses a request body larger than MAX_PAYLOAD_SIZE. A 3 MB article used to pass the
// plan and stop the import at that section, after the ones before it were written: now the plan
// refuses it with file:line and writes nothing, and every other write is sent in batches that fit.

const LIMIT = '1mb';
let cms: TestCms;
let tmp: string;
const limits = importLimitsOf(parseSettings(importSettings, { MAX_PAYLOAD_SIZE: LIMIT }));

before(async () => {
  cms = await startTestCms({ settings: { MAX_PAYLOAD_SIZE: LIMIT } });
  tmp = await mkdtemp(join(tmpdir(), 'kb-payload-'));
});
after(async () => {
  await cms?.destroy();
  await rm(tmp, { recursive: true, force: true });
});

/** Chapter `chapter` with `parts` articles of `bodyBytes` each; article `big` (if any) gets `bigBytes`. */
async function writeTree(name: string, chapter: string, parts: number, bodyBytes: number, big?: { part: number; bytes: number }): Promise<string> {
  const root = join(tmp, name);
  const folder = join(root, `${chapter}-glava`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'README.md'), `---\ntitle: ${chapter} - Глава ${name}\n---\n\nВступление.\n`);
  for (let part = 1; part <= parts; part++) {
    const nn = String(part).padStart(2, '0');
    const size = big?.part === part ? big.bytes : bodyBytes;
    // Cyrillic: two bytes a letter, as real bodies are.
    const line = 'Текст раздела про серверы, очереди и резервные копии.\n';
    const body = line.repeat(Math.ceil(size / Buffer.byteLength(line)));
    await writeFile(join(folder, `${chapter}-${nn}-chast.md`), `---\ntitle: ${chapter}.${nn} - Часть ${nn}\n---\n\n${body}\n`);
  }
  return root;
}

async function storedCodes(prefix: string): Promise<string[]> {
  const rows = (await cms.api('GET', `/items/sections?fields=code&filter[code][_starts_with]=${prefix}&limit=-1`)).body.data as { code: string }[];
  return rows.map((row) => row.code).sort();
}

test('a 3 MB body is refused by the plan with file:line, and nothing of the chapter is written', async () => {
  const root = await writeTree('big', '05', 99, 2_000, { part: 95, bytes: 3 * 1024 * 1024 });
  const log: string[] = [];
  const error = await importSources([{ path: root, label: 'big' }], { client: cms.admin, progress: null, limits, log: (line) => log.push(line) }).then(
    () => assert.fail('the import must refuse a body Directus would refuse'),
    (e: unknown) => e,
  );
  assert.ok(isKbError(error, 'bad-input'), String(error));
  const lines = error.messages.map(formatSourceMessage);
  assert.ok(
    lines.some((line) => /^big\/05-glava\/05-95-chast\.md:\d+: Раздел 05\.95 в запросе к Directus занимает 3\.\d MB, больше предела MAX_PAYLOAD_SIZE=1mb/.test(line)),
    lines.join('\n'),
  );
  assert.match(error.message, /nothing was imported/);
  assert.ok(log.some((line) => /create {5}100/.test(line)), 'the plan was printed');
  assert.deepEqual(await storedCodes('05'), [], 'not one section of the chapter was written');
});

test('many large bodies go in batches that each fit the limit, and all of them are written', async () => {
  // 100 sections of ~30 KB: one batch of 100 would be 3 MB.
  const root = await writeTree('wide', '06', 99, 30_000);
  const bodies: number[] = [];
  const statuses: number[] = [];
  const recording: typeof fetch = async (input, init) => {
    if (init?.method === 'POST' || init?.method === 'PATCH') bodies.push(Buffer.byteLength(String(init.body ?? '')));
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  const client = createCmsClient({ url: cms.url, token: cms.adminToken, fetch: recording });
  const result = await importSources([{ path: root, label: 'wide' }], { client, progress: null, limits });
  assert.equal(result.applied?.created, 100);
  assert.equal((await storedCodes('06')).length, 100);
  assert.ok(bodies.length >= 3, `the writes were split (${bodies.length} requests)`);
  assert.ok(Math.max(...bodies) <= limits.payload.bytes, `every body fits: ${bodies.join(', ')}`);
  assert.ok(!statuses.includes(413), 'Directus never answered 413');
});
