import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localDirectusUrl, parseKbEnv } from './env.js';
import { directusProcessEnv } from '../cms/server/directus-process.js';

const valid = {
  HOST: '127.0.0.1', PORT: '8055', PUBLIC_URL: 'http://127.0.0.1:8055', SECRET: 'x'.repeat(32), DB_CLIENT: 'sqlite3',
  DB_FILENAME: './data/directus.db', ADMIN_EMAIL: 'admin@tapbot.kz', ADMIN_PASSWORD: 'long-enough', SITE_READER_TOKEN: 't'.repeat(32),
};

test('a valid .env parses with types and defaults', () => {
  const env = parseKbEnv(valid, '.env');
  assert.equal(env.PORT, 8055);
  assert.equal(env.CACHE_ENABLED, false);
  assert.equal(localDirectusUrl(env), 'http://127.0.0.1:8055');
  assert.equal(localDirectusUrl({ HOST: '0.0.0.0', PORT: 9000 }), 'http://127.0.0.1:9000');
});

test('every problem is reported at once, naming the setting and how to fix it', () => {
  assert.throws(
    () => parseKbEnv({ ...valid, SECRET: 'short', DB_CLIENT: 'pg', PORT: 'abc', CTO_EMAIL: 'cto@tapbot.kz' }, '.env'),
    (error: Error) => {
      assert.match(error.message, /^\.env is not valid:/);
      for (const key of ['SECRET', 'PORT', 'DB_HOST', 'DB_DATABASE', 'DB_USER', 'CTO_PASSWORD']) assert.match(error.message, new RegExp(`- ${key}:`));
      assert.match(error.message, /npm start generates one/);
      return true;
    },
  );
});

test('Directus gets absolute paths, no empty values, and never reads a .env of its own', () => {
  const env = directusProcessEnv({ ...valid, REDIS: '', EXTENSIONS_PATH: './cms/extensions' }, '/srv/kb');
  assert.equal(env.DB_FILENAME, '/srv/kb/data/directus.db');
  assert.equal(env.EXTENSIONS_PATH, '/srv/kb/cms/extensions');
  assert.ok(!('REDIS' in env));
  assert.equal(env.CONFIG_PATH, '/dev/null');
});
