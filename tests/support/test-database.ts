import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDbKind = 'sqlite' | 'postgres';

/** Which database the suite runs on: SQLite unless KB_TEST_DB=postgres (README, "Tests"). */
export function testDbKind(): TestDbKind {
  const kind = process.env.KB_TEST_DB ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`KB_TEST_DB must be "sqlite" or "postgres", not "${kind}"`);
  return kind;
}

export interface TestDatabase {
  kind: TestDbKind;
  /** Directus settings for this database (and, on PostgreSQL, Redis). */
  env: Record<string, string>;
  dir: string;
  drop(): Promise<void>;
}

const pgAdminUrl = () => process.env.KB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = () => process.env.KB_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** A fresh, empty database for one Directus instance; on PostgreSQL with Redis for cache and sync. */
export async function createTestDatabase(kind: TestDbKind = testDbKind()): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-test-'));
  const id = `kb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    return {
      kind,
      dir,
      env: { DB_CLIENT: 'sqlite3', DB_FILENAME: join(dir, 'directus.db') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const admin = new URL(pgAdminUrl());
  await withPg(admin.href, (client) => client.query(`CREATE DATABASE ${id}`));
  // Every Redis key of this instance lives under its own namespace: parallel test files share one Redis.
  const ns = id;
  return {
    kind,
    dir,
    env: {
      DB_CLIENT: 'pg',
      DB_HOST: admin.hostname,
      DB_PORT: admin.port || '5432',
      DB_DATABASE: id,
      DB_USER: decodeURIComponent(admin.username || 'postgres'),
      ...(admin.password ? { DB_PASSWORD: decodeURIComponent(admin.password) } : {}),
      REDIS: redisUrl(),
      CACHE_ENABLED: 'true',
      CACHE_STORE: 'redis',
      CACHE_AUTO_PURGE: 'true',
      CACHE_NAMESPACE: `${ns}:cache`,
      RATE_LIMITER_STORE: 'redis',
      RATE_LIMITER_KEY_PREFIX: `${ns}:rate`,
      SYNCHRONIZATION_STORE: 'redis',
      SYNCHRONIZATION_NAMESPACE: `${ns}:sync`,
      REDIS_BUS_NAMESPACE: `${ns}:bus`,
      REDIS_LOCK_NAMESPACE: `${ns}:lock`,
      REDIS_PERMISSIONS_NAMESPACE: `${ns}:permissions`,
      REDIS_COUNTERS_NAMESPACE: `${ns}:counters`,
    },
    drop: async () => {
      await withPg(admin.href, async (client) => {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [id]);
        await client.query(`DROP DATABASE IF EXISTS ${id}`);
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
