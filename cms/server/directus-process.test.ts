import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directusProcessEnv } from './directus-process.js';

test('Directus gets absolute paths, no empty values, and never reads a .env of its own', () => {
  const env = directusProcessEnv({ DB_CLIENT: 'sqlite3', DB_FILENAME: './data/directus.db', REDIS: '', EXTENSIONS_PATH: './cms/extensions' }, '/srv/kb');
  assert.equal(env.DB_FILENAME, '/srv/kb/data/directus.db');
  assert.equal(env.EXTENSIONS_PATH, '/srv/kb/cms/extensions');
  assert.ok(!('REDIS' in env));
  assert.equal(env.CONFIG_PATH, '/dev/null');
});
