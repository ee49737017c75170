import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { parse } from 'dotenv';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDirectusUrl, previewUrlOf, publisherSignalUrl } from './addresses.js';
import { loadSettings, parseSettings } from './load-settings.js';
import { repoRoot } from '../paths.js';
import { cmsSettings, importSettings, publisherSettings, siteSettings, stackSettings } from './schema.js';
import { importLimitsOf } from '../import-limits.js';

const valid = {
  HOST: '127.0.0.1', PORT: '8055', PUBLIC_URL: 'http://127.0.0.1:8055', SECRET: 'x'.repeat(32), DB_CLIENT: 'sqlite3',
  DB_FILENAME: './data/directus.db', ADMIN_EMAIL: 'admin@tapbot.kz', ADMIN_PASSWORD: 'long-enough', SITE_READER_TOKEN: 't'.repeat(32),
  PUBLISHER_SECRET: 'p'.repeat(32),
};

test('a valid .env parses with types and defaults', () => {
  const settings = parseSettings(cmsSettings, valid);
  assert.equal(settings.PORT, 8055);
  assert.equal(settings.CACHE_ENABLED, false);
  assert.equal(localDirectusUrl(settings), 'http://127.0.0.1:8055');
  assert.equal(localDirectusUrl({ HOST: '0.0.0.0', PORT: 9000 }), 'http://127.0.0.1:9000');
  assert.equal(previewUrlOf(settings), 'http://127.0.0.1:4323');
  const stack = parseSettings(stackSettings, { ...valid, PUBLISHER_HOST: '0.0.0.0' });
  assert.equal(publisherSignalUrl(stack), 'http://127.0.0.1:4322/signal');
  assert.equal(stack.SITE_PORT, 4321);
});

test('every problem is reported at once, naming the setting and how to fix it', () => {
  assert.throws(
    () => parseSettings(cmsSettings, { ...valid, SECRET: 'short', DB_CLIENT: 'pg', PORT: 'abc', CTO_EMAIL: 'cto@tapbot.kz' }),
    (error: Error) => {
      assert.match(error.message, /^\.env is not valid:/);
      for (const key of ['SECRET', 'PORT', 'DB_HOST', 'DB_DATABASE', 'DB_USER', 'CTO_PASSWORD']) assert.match(error.message, new RegExp(`- ${key}:`));
      assert.match(error.message, /npm start generates one/);
      return true;
    },
  );
});

test('each family asks only for what its program needs; npm start asks for all of it', () => {
  // The site build in a container has no database settings and no admin.
  const siteOnly = { PUBLIC_URL: 'https://dir.tapbot.kz', SITE_READER_TOKEN: 't'.repeat(32) };
  assert.equal(parseSettings(siteSettings, siteOnly).SITE_URL, 'http://127.0.0.1:4321');
  assert.throws(() => parseSettings(publisherSettings, { ...siteOnly, PUBLISHER_SECRET: 'p'.repeat(32), MIRROR_DIR: '/srv/mirror' }), /ADMIN_EMAIL, ADMIN_PASSWORD: are required when MIRROR_DIR/);
  assert.throws(() => parseSettings(stackSettings, { ...valid, PUBLISHER_SECRET: '' }), /- PUBLISHER_SECRET: must be at least 16/);
  assert.throws(() => parseSettings(stackSettings, { ...valid, DB_CLIENT: 'pg' }), /- DB_HOST: is required when DB_CLIENT=pg/);
});

test('loadSettings: .env is made from .env.example with its secrets generated, and the environment wins', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kb-settings-'));
  try {
    await writeFile(join(dir, '.env.example'), '# Directus\nHOST=127.0.0.1\nPORT=8055\nPUBLIC_URL=http://127.0.0.1:8055\nSITE_READER_TOKEN=\nSITE_URL=http://127.0.0.1:4321\n');
    const environment = { PORT: '9100', SITE_URL: 'https://docs.tapbot.kz', UNRELATED: 'x' };

    const withoutFile = await loadSettings(siteSettings, { dir, environment: { ...environment, PUBLIC_URL: 'https://dir.tapbot.kz', SITE_READER_TOKEN: 'e'.repeat(30) } });
    assert.equal(withoutFile.created, false, 'only a generating load creates .env');
    assert.equal(withoutFile.settings.PORT, 9100);
    await assert.rejects(stat(join(dir, '.env')));

    const first = await loadSettings(siteSettings, { dir, environment, generate: true });
    assert.equal(first.created, true);
    assert.deepEqual(Object.keys(first.generated), ['SITE_READER_TOKEN']);
    const written = await readFile(join(dir, '.env'), 'utf8');
    assert.match(written, /^# Directus\n/, 'comments stay');
    assert.ok(written.includes(`SITE_READER_TOKEN=${first.generated.SITE_READER_TOKEN}\n`));
    assert.equal(first.settings.SITE_READER_TOKEN, first.generated.SITE_READER_TOKEN);
    assert.equal(first.settings.PORT, 9100, 'the environment wins over .env');
    assert.equal(first.settings.SITE_URL, 'https://docs.tapbot.kz', 'for every setting');
    assert.equal(first.raw.UNRELATED, undefined, 'the environment adds no setting the project does not know');
    assert.equal(((await stat(join(dir, '.env'))).mode & 0o777).toString(8), '600');

    const second = await loadSettings(siteSettings, { dir, environment: {}, generate: true });
    assert.deepEqual([second.created, second.generated], [false, {}]);
    assert.equal(second.settings.SITE_READER_TOKEN, first.settings.SITE_READER_TOKEN);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('.env.example documents every setting the project reads', async () => {
  const documented = parse(await readFile(join(repoRoot, '.env.example'), 'utf8'));
  const missing = Object.keys(stackSettings.schema.shape).filter((key) => !(key in documented));
  assert.deepEqual(missing, []);
});

test('sizes are read as Directus reads them, and say whether they were set', () => {
  const limits = importLimitsOf(parseSettings(importSettings, { IMPORT_MAX_FILE_SIZE: '2MB', MAX_PAYLOAD_SIZE: '' }));
  assert.equal(limits.maxFileBytes, 2 * 1024 * 1024);
  assert.equal(limits.payload.bytes, 1024 * 1024);
  assert.match(limits.payload.described, /MAX_PAYLOAD_SIZE=1mb \(Directus's default; the setting is not set\)/);
  assert.match(importLimitsOf(parseSettings(importSettings, { MAX_PAYLOAD_SIZE: '10mb' })).payload.described, /as set for Directus/);
  assert.throws(() => parseSettings(importSettings, { IMPORT_MAX_FILE_SIZE: 'lots', MAX_PAYLOAD_SIZE: '0' }), (error: Error) => {
    assert.match(error.message, /- IMPORT_MAX_FILE_SIZE: "lots" is not a size; write bytes or a number with b, kb, mb or gb \(e\.g\. 5mb\)/);
    assert.match(error.message, /- MAX_PAYLOAD_SIZE: "0" is not a size/);
    return true;
  });
});
