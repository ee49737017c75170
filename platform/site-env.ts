import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'dotenv';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { localDirectusUrl, reachableHost, type RawEnv } from './env.js';

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.string().url().optional());

/** What `npm run build:site` and `npm run preview` read (README, "Configuration"). */
export const siteEnvSchema = z.object({
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: port(8055),
  // Where the build reads from; empty: the local Directus on HOST:PORT.
  DIRECTUS_URL: optionalUrl,
  // Directus's public address, for "edit in Directus" links and the preview's frame-ancestors.
  PUBLIC_URL: z.string().url(),
  SITE_URL: z.string().url().default('http://127.0.0.1:4321'),
  SITE_READER_TOKEN: z.string().min(24, 'must be at least 24 characters (npm start generates one when it is empty)'),
  PREVIEW_HOST: z.string().trim().min(1).default('127.0.0.1'),
  PREVIEW_PORT: port(4323),
  // The preview server's public address, behind which the admin app's preview button opens drafts.
  PREVIEW_URL: optionalUrl,
  // Optional here: the preview uses them to set the admin app's preview button, the publisher to
  // export the git mirror.
  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: optionalText,
});

export type SiteEnv = z.output<typeof siteEnvSchema>;

export function parseSiteEnv(raw: RawEnv, where: string): SiteEnv {
  return parseWith(siteEnvSchema, raw, where);
}


export function directusUrlOf(env: Pick<SiteEnv, 'DIRECTUS_URL' | 'HOST' | 'PORT'>): string {
  return env.DIRECTUS_URL ? env.DIRECTUS_URL.replace(/\/+$/, '') : localDirectusUrl(env);
}

export function previewUrlOf(env: Pick<SiteEnv, 'PREVIEW_URL' | 'PREVIEW_HOST' | 'PREVIEW_PORT'>): string {
  if (env.PREVIEW_URL) return env.PREVIEW_URL.replace(/\/+$/, '');
  return `http://${reachableHost(env.PREVIEW_HOST)}:${env.PREVIEW_PORT}`;
}

/** `.env` as it is (not created, nothing generated), with the process environment winning. */
export async function readEnvFile(path: string): Promise<RawEnv> {
  const fromFile = existsSync(path) ? parse(await readFile(path, 'utf8')) : {};
  const raw: Record<string, string | undefined> = { ...fromFile };
  for (const key of Object.keys(siteEnvSchema.shape)) if (process.env[key] !== undefined) raw[key] = process.env[key];
  return raw;
}
