import { isAbsolute, resolve } from 'node:path';
// knex comes with Directus (the same version Directus itself uses); the backup reads and writes
// the few things the API never hands out (password hashes) and cannot set (creation stamps).
import knexFactory, { type Knex } from 'knex';
import { KbError } from '../core/errors.js';
import { repoRoot } from './paths.js';

/** The settings Directus reads its database from (the typed settings, or a test's raw ones). */
export type DatabaseSettings = Readonly<Partial<Record<'DB_CLIENT' | 'DB_FILENAME' | 'DB_HOST' | 'DB_PORT' | 'DB_DATABASE' | 'DB_USER' | 'DB_PASSWORD', string>>>;

/**
 * A connection to the database Directus runs on, from the same settings Directus reads
 * (DB_CLIENT, DB_FILENAME or DB_HOST/DB_PORT/DB_DATABASE/DB_USER/DB_PASSWORD).
 */
export function openDirectusDatabase(settings: DatabaseSettings, baseDir: string = repoRoot): Knex {
  const client = settings.DB_CLIENT;
  if (client === 'sqlite3') {
    const file = settings.DB_FILENAME;
    if (!file) throw new KbError('bad-input', 'DB_FILENAME is not set', { why: 'the backup reads the SQLite database Directus uses', hint: 'Set it in .env.' });
    return knexFactory({ client: 'sqlite3', connection: { filename: isAbsolute(file) ? file : resolve(baseDir, file) }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  }
  if (client === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: {
        host: settings.DB_HOST,
        port: settings.DB_PORT ? Number(settings.DB_PORT) : 5432,
        database: settings.DB_DATABASE,
        user: settings.DB_USER,
        password: settings.DB_PASSWORD,
      },
      pool: { min: 0, max: 2 },
    });
  }
  throw new KbError('bad-input', `DB_CLIENT is "${client ?? ''}"`, { why: 'the backup knows sqlite3 and pg, the databases this project runs on' });
}
