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

test('Directus gets the rate limiter on unless the settings say otherwise', () => {
  const env = directusProcessEnv({ DB_CLIENT: 'sqlite3', RATE_LIMITER_ENABLED: '' }, '/srv/kb');
  assert.equal(env.RATE_LIMITER_ENABLED, 'true');
  assert.equal(env.RATE_LIMITER_STORE, 'memory');
  assert.equal(directusProcessEnv({ RATE_LIMITER_ENABLED: 'false', RATE_LIMITER_STORE: 'redis' }, '/srv/kb').RATE_LIMITER_ENABLED, 'false');
});
