import { z } from 'zod';
import { byteSize, count, email, flag, generatedSecret, milliseconds, optionalEmail, optionalText, optionalUrl, port, switchWithDefault, text, url } from './fields.js';

/**
 * Every setting the project reads itself (README, "Configuration"; .env.example documents each),
 * in groups defined once, and the families of them each program reads: the Directus side and the
 * commands that run as its admin (`cmsSettings`), the site build and the preview (`siteSettings`),
 * the publisher (`publisherSettings`), and `npm start`, which runs all of them (`stackSettings`).
 * Anything else in .env is passed to Directus untouched.
 */

export type RawSettings = Readonly<Record<string, string | undefined>>;

/** A check across settings, made on the raw values so it reports alongside the single-field ones. */
export type SettingsRule = (raw: RawSettings) => string[];

export interface SettingsFamily<S extends z.ZodRawShape = z.ZodRawShape> {
  schema: z.ZodObject<S>;
  rules: readonly SettingsRule[];
}

export type SettingsOf<F extends SettingsFamily> = z.output<F['schema']>;

export const DEFAULT_SEED_FILE = '../shared/seed/tapbot-docs-index.md';

const set = (raw: RawSettings, key: string) => Boolean(raw[key]?.trim());

// ── the groups ───────────────────────────────────────────────────────────────

/** Where Directus listens, and the address editors open. */
const directusAddress = {
  HOST: text('127.0.0.1'),
  PORT: port(8055),
  // Directus's public address: the admin app, "edit in Directus" links, the preview's frame-ancestors.
  PUBLIC_URL: url(),
};

/**
 * Directus settings whose Directus default the project changes: the rate limiter is off in
 * Directus and on here, in every setup (an anonymous flood of CPU-heavy requests slowed editors
 * from 0.04 s to 7 s). Directus gets these when .env does not say otherwise (directusProcessEnv).
 */
export const DIRECTUS_DEFAULTS = {
  RATE_LIMITER_ENABLED: 'true',
  // In one process; with several instances `redis` (docker-compose.yml) so they count together.
  RATE_LIMITER_STORE: 'memory',
  // Requests per address per RATE_LIMITER_DURATION seconds (Directus's figures).
  RATE_LIMITER_POINTS: '50',
  RATE_LIMITER_DURATION: '1',
} as const;

const rateLimiter = {
  RATE_LIMITER_ENABLED: switchWithDefault(DIRECTUS_DEFAULTS.RATE_LIMITER_ENABLED === 'true'),
  RATE_LIMITER_STORE: z.enum(['memory', 'redis', '']).optional().transform((value) => value || DIRECTUS_DEFAULTS.RATE_LIMITER_STORE),
  RATE_LIMITER_POINTS: count(Number(DIRECTUS_DEFAULTS.RATE_LIMITER_POINTS)),
  RATE_LIMITER_DURATION: count(Number(DIRECTUS_DEFAULTS.RATE_LIMITER_DURATION)),
};

const directusServer = {
  SECRET: generatedSecret(16),
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
  EXTENSIONS_PATH: text('./cms/extensions'),
  STORAGE_LOCAL_ROOT: text('./data/uploads'),
  ...rateLimiter,
};

const directusServerRule: SettingsRule = (raw) => {
  const issues: string[] = [];
  if (raw.DB_CLIENT === 'sqlite3' && !set(raw, 'DB_FILENAME')) issues.push('DB_FILENAME: is required when DB_CLIENT=sqlite3');
  if (raw.DB_CLIENT === 'pg') {
    for (const key of ['DB_HOST', 'DB_DATABASE', 'DB_USER']) if (!set(raw, key)) issues.push(`${key}: is required when DB_CLIENT=pg`);
  }
  for (const store of ['CACHE_STORE', 'RATE_LIMITER_STORE']) {
    if (raw[store] === 'redis' && !set(raw, 'REDIS')) issues.push(`REDIS: is required when ${store}=redis, e.g. redis://127.0.0.1:6379`);
  }
  return issues;
};

/** The administrator the content commands, the migrations and the mirror run as. */
const admin = {
  ADMIN_EMAIL: email(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),
};

/** The same, where only some features need it (the preview's button, the publisher's mirror). */
const optionalAdmin = {
  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: optionalText,
};

const workingAccounts = {
  CTO_EMAIL: optionalEmail,
  CTO_PASSWORD: optionalText,
  STUDENT_EMAIL: optionalEmail,
  STUDENT_PASSWORD: optionalText,
};

const workingAccountsRule: SettingsRule = (raw) =>
  ['CTO', 'STUDENT']
    .filter((role) => set(raw, `${role}_EMAIL`) && !set(raw, `${role}_PASSWORD`))
    .map((role) => `${role}_PASSWORD: is required when ${role}_EMAIL is set (npm start generates one when it is empty)`);

/** The static token of the API-only account the site is read with. */
const siteReader = {
  SITE_READER_TOKEN: generatedSecret(24),
};

const content = {
  // Relative to the repository root; `npm start` imports it into an empty knowledge base.
  SEED_FILE: optionalText.transform((value) => value ?? DEFAULT_SEED_FILE),
};

/** What an import works within (platform/import-limits.ts). */
const importLimits = {
  IMPORT_MAX_FILE_SIZE: byteSize('5mb'),
  // Directus's own setting (its default): the largest request body it accepts.
  MAX_PAYLOAD_SIZE: byteSize('1mb'),
};

// The site's public address: the site's own links, and the admin app's link to the editors' guide.
const siteAddress = {
  SITE_URL: url().default('http://127.0.0.1:4321'),
};

const site = {
  // Where the site reads Directus from; empty: the local Directus on HOST:PORT.
  DIRECTUS_URL: optionalUrl,
  ...siteAddress,
};

const preview = {
  PREVIEW_HOST: text('127.0.0.1'),
  PREVIEW_PORT: port(4323),
  // The preview server's public address, behind which the admin app's preview button opens drafts.
  PREVIEW_URL: optionalUrl,
};

const publisher = {
  SITE_HOST: text('127.0.0.1'),
  SITE_PORT: port(4321),
  SITE_RELEASES_DIR: text('./data/site'),
  PUBLISHER_HOST: text('127.0.0.1'),
  PUBLISHER_PORT: port(4322),
  PUBLISHER_SECRET: generatedSecret(16, '; Directus signs with the same value'),
  PUBLISH_DEBOUNCE_MS: milliseconds(300, 60_000),
  PUBLISH_MAX_WAIT_MS: milliseconds(3000, 600_000),
  MIRROR_DIR: optionalText,
  MIRROR_REMOTE: optionalText,
};

const publisherRule: SettingsRule = (raw) => {
  const issues: string[] = [];
  // The mirror carries owners' e-mails, which the site reader may not read; it exports as admin.
  if (set(raw, 'MIRROR_DIR') && !(set(raw, 'ADMIN_EMAIL') && set(raw, 'ADMIN_PASSWORD'))) {
    issues.push('ADMIN_EMAIL, ADMIN_PASSWORD: are required when MIRROR_DIR is set (the mirror is exported as the administrator)');
  }
  if (set(raw, 'MIRROR_REMOTE') && !set(raw, 'MIRROR_DIR')) issues.push('MIRROR_DIR: is required when MIRROR_REMOTE is set');
  return issues;
};

// ── the families ─────────────────────────────────────────────────────────────

function family<S extends z.ZodRawShape>(shape: S, ...rules: SettingsRule[]): SettingsFamily<S> {
  return { schema: z.object(shape), rules };
}

/** Directus itself and the commands that run as its admin (migrate, import, export, report, backup, restore). */
export const cmsSettings = family(
  { ...directusAddress, ...directusServer, ...admin, ...workingAccounts, ...siteReader, ...content, ...importLimits, ...preview, ...siteAddress },
  directusServerRule,
  workingAccountsRule,
);

/** What `npm run import` checks its files against before it asks Directus anything. */
export const importSettings = family(importLimits);

/** The public site's build and the editors' preview. */
export const siteSettings = family({ ...directusAddress, ...site, ...siteReader, ...preview, ...optionalAdmin });

/** The publisher service and the site server beside it. */
export const publisherSettings = family({ ...siteSettings.schema.shape, ...publisher }, publisherRule);

/** `npm start`: Directus, the publisher, the site server and the preview in one process. */
export const stackSettings = family({ ...publisherSettings.schema.shape, ...cmsSettings.schema.shape }, ...cmsSettings.rules, ...publisherSettings.rules);

export type CmsSettings = SettingsOf<typeof cmsSettings>;
export type ImportSettings = SettingsOf<typeof importSettings>;
export type SiteSettings = SettingsOf<typeof siteSettings>;
export type PublisherSettings = SettingsOf<typeof publisherSettings>;
export type StackSettings = SettingsOf<typeof stackSettings>;
