import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';

const nonEmpty = z.string().trim().min(1);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((value) => value === 'true');

export const DEFAULT_SEED_FILE = '../shared/seed/tapbot-docs-index.md';

/** The settings this project reads itself; everything else in .env is passed to Directus untouched. */
export const kbEnvSchema = z
  .object({
    HOST: nonEmpty.default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(8055),
    PUBLIC_URL: z.string().url(),
    SECRET: z.string().min(16, 'must be at least 16 characters (npm start generates one when it is empty)'),
    DB_CLIENT: z.enum(['sqlite3', 'pg']),
    DB_FILENAME: optionalText,
    DB_HOST: optionalText,
    DB_PORT: optionalText,
    DB_DATABASE: optionalText,
    DB_USER: optionalText,
    DB_PASSWORD: optionalText,
    CACHE_ENABLED: flag,
    CACHE_STORE: z.enum(['memory', 'redis', '']).optional(),
    REDIS: optionalText,
    EXTENSIONS_PATH: nonEmpty.default('./cms/extensions'),
    STORAGE_LOCAL_ROOT: nonEmpty.default('./data/uploads'),
    ADMIN_EMAIL: z.string().email(),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),
    CTO_EMAIL: z.string().email().optional().or(z.literal('').transform(() => undefined)),
    CTO_PASSWORD: optionalText,
    STUDENT_EMAIL: z.string().email().optional().or(z.literal('').transform(() => undefined)),
    STUDENT_PASSWORD: optionalText,
    SITE_READER_TOKEN: z.string().min(24, 'must be at least 24 characters (npm start generates one when it is empty)'),
    // Relative to the repository root; `npm start` imports it into an empty knowledge base.
    SEED_FILE: optionalText.transform((value) => value ?? DEFAULT_SEED_FILE),
  });

/** Rules that tie settings together, checked on the raw values so they report alongside the rest. */
function crossFieldIssues(raw: unknown): string[] {
  const env = (raw ?? {}) as RawEnv;
  const set = (key: string) => Boolean(env[key]?.trim());
  const issues: string[] = [];
  if (env.DB_CLIENT === 'sqlite3' && !set('DB_FILENAME')) issues.push('DB_FILENAME: is required when DB_CLIENT=sqlite3');
  if (env.DB_CLIENT === 'pg') {
    for (const key of ['DB_HOST', 'DB_DATABASE', 'DB_USER']) if (!set(key)) issues.push(`${key}: is required when DB_CLIENT=pg`);
  }
  if (env.CACHE_STORE === 'redis' && !set('REDIS')) issues.push('REDIS: is required when CACHE_STORE=redis, e.g. redis://127.0.0.1:6379');
  for (const role of ['CTO', 'STUDENT']) {
    if (set(`${role}_EMAIL`) && !set(`${role}_PASSWORD`)) issues.push(`${role}_PASSWORD: is required when ${role}_EMAIL is set (npm start generates one when it is empty)`);
  }
  return issues;
}

export type KbEnv = z.output<typeof kbEnvSchema>;
export type RawEnv = Readonly<Record<string, string | undefined>>;

export function parseKbEnv(raw: RawEnv, where: string): KbEnv {
  return parseWith(kbEnvSchema, raw, where, crossFieldIssues);
}

/** The address a server listening on `host` is reached at from this machine. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** The URL the project's own scripts use to reach Directus: always the local listener, not PUBLIC_URL. */
export function localDirectusUrl(env: Pick<KbEnv, 'HOST' | 'PORT'>): string {
  return `http://${reachableHost(env.HOST)}:${env.PORT}`;
}
