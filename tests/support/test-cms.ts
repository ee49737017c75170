import { createServer } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCmsClient, loginForToken, type CmsClient } from '../../platform/cms-client.js';
import { bootstrapDirectus, directusProcessEnv, startDirectus, type RunningDirectus } from '../../cms/server/directus-process.js';
import { buildExtensionIfStale } from '../../cms/server/build-extension.js';
import { extensionsDir, repoRoot } from '../../platform/paths.js';
import { provision } from '../../cms/server/provision.js';
import { ROLE } from '../../core/fixed-ids.js';
import { createTestDatabase, type TestDatabase, type TestDbKind } from './test-database.js';
import type { MigrationPlan } from '../../migrations/lib/migration-plan.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The guide link every test Directus gets, as `npm start` gives it from SITE_URL. */
export const TEST_GUIDE_URL = 'http://127.0.0.1:4321/guide/';

export interface TestCms {
  url: string;
  db: TestDatabase;
  settings: Record<string, string>;
  directus: RunningDirectus;
  adminToken: string;
  admin: CmsClient;
  siteReaderToken: string;
  /** A raw HTTP call as a given token (or anonymous), for asserting status codes and messages. */
  api(method: string, path: string, options?: { token?: string | null; body?: unknown }): Promise<ApiResponse>;
  createUser(role: keyof typeof ROLE, name: string): Promise<TestUser>;
  /** Runs the project's migrations (and account sync) again, returning the plan and what it logged. */
  migrate(options?: { to?: string }): Promise<{ plan: MigrationPlan; log: string[] }>;
  /** Stops Directus; the database stays until `destroy`. */
  stop(): Promise<void>;
  /** Starts Directus again on the same database (for re-run and upgrade tests). */
  restart(): Promise<void>;
  /** A second Directus on another port sharing this one's database, Redis and secret (scale-out). */
  startPeer(): Promise<RunningDirectus>;
  destroy(): Promise<void>;
}

export interface StartTestCmsOptions {
  /** `false`: no project migrations at all; a migration id: apply up to and including it. */
  migrate?: boolean | string;
  /** The database to use; by default the suite's (KB_TEST_DB). */
  db?: TestDbKind;
  /** The rate limiter as the settings default it (DIRECTUS_DEFAULTS), not the tests' high limit. */
  defaultRateLimit?: boolean;
  /** Extra Directus settings (e.g. the publisher's address). */
  settings?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const quiet = () => {};

/** A real Directus on a free port with its own fresh database, the extension loaded, migrated. */
export async function startTestCms(options: StartTestCmsOptions = {}): Promise<TestCms> {
  await buildExtensionIfStale(quiet);
  const db = await createTestDatabase(options.db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminEmail = 'admin@example.com';
  const adminPassword = randomBytes(12).toString('hex');
  const siteReaderToken = randomBytes(24).toString('hex');
  await mkdir(join(db.dir, 'uploads'), { recursive: true });
  const settings: Record<string, string> = {
    ...db.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    SECRET: randomBytes(24).toString('hex'),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    EXTENSIONS_PATH: extensionsDir,
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: join(db.dir, 'uploads'),
    LOG_LEVEL: process.env.KB_TEST_LOG_LEVEL ?? 'warn',
    TELEMETRY: 'false',
    ACCESS_TOKEN_TTL: '2h',
    // The rate limiter stays on, as in every setup, with room for a test's hundreds of requests a
    // second; `defaultRateLimit` runs it with the project's default instead.
    ...(options.defaultRateLimit ? {} : { RATE_LIMITER_ENABLED: 'true', RATE_LIMITER_POINTS: '1000000', RATE_LIMITER_DURATION: '1' }),
    // Directus answers 503 "Under pressure" when its event loop lags, which a shared machine running
    // several suites at once makes it do at random; the tests that need load shedding turn it on.
    PRESSURE_LIMITER_ENABLED: 'false',
    ...options.settings,
  };
  // Directus resolves npm-package extensions from its working directory's package.json, so it runs
  // in the repository; every path it writes to is absolute and inside the test's own folder.
  const processEnv = directusProcessEnv(settings, db.dir);
  let directus: RunningDirectus;
  try {
    await bootstrapDirectus(processEnv, repoRoot);
    directus = await startDirectus({ env: processEnv, cwd: repoRoot, url });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const provisionSettings = { SITE_READER_TOKEN: siteReaderToken, CTO_EMAIL: undefined, CTO_PASSWORD: undefined, STUDENT_EMAIL: undefined, STUDENT_PASSWORD: undefined };
  let admin: CmsClient;
  let adminToken: string;
  const migrate = async ({ to }: { to?: string } = {}) => {
    const log: string[] = [];
    const plan = await provision({ client: admin, settings: provisionSettings, log: (line) => log.push(line), guideUrl: TEST_GUIDE_URL, ...(to ? { to } : {}) });
    return { plan, log };
  };
  try {
    adminToken = await loginForToken(url, adminEmail, adminPassword);
    admin = createCmsClient({ url, token: adminToken });
    if (options.migrate !== false) await migrate(typeof options.migrate === 'string' ? { to: options.migrate } : {});
  } catch (error) {
    // A Directus that never became a test instance must not outlive the failed start (nor keep the file running).
    await directus.stop();
    await db.drop();
    throw error;
  }

  const api: TestCms['api'] = async (method, path, { token = adminToken, body } = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  let counter = 0;
  const peers: RunningDirectus[] = [];
  const cms: TestCms = {
    url,
    db,
    settings,
    get directus() {
      return directus;
    },
    adminToken,
    admin,
    siteReaderToken,
    api,
    async createUser(role, name) {
      counter += 1;
      const email = `${role.toLowerCase()}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      const password = randomBytes(10).toString('hex');
      const [first_name, ...rest] = name.split(' ');
      const created = await api('POST', '/users', { body: { email, password, role: ROLE[role], first_name, last_name: rest.join(' ') || null, status: 'active' } });
      if (created.status !== 200) throw new Error(`Could not create test user: ${JSON.stringify(created.body)}`);
      const token = await loginForToken(url, email, password);
      return { id: created.body.data.id, email, password, token };
    },
    migrate,
    stop: () => directus.stop(),
    async restart() {
      await directus.stop();
      directus = await startDirectus({ env: processEnv, cwd: repoRoot, url });
    },
    async startPeer() {
      const peerPort = await freePort();
      const peerUrl = `http://127.0.0.1:${peerPort}`;
      const peer = await startDirectus({ env: { ...processEnv, PORT: String(peerPort), PUBLIC_URL: peerUrl }, cwd: repoRoot, url: peerUrl });
      peers.push(peer);
      return peer;
    },
    async destroy() {
      for (const peer of peers) await peer.stop();
      await directus.stop();
      await db.drop();
    },
  };
  return cms;
}
