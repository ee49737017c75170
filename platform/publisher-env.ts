import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { reachableHost, type RawEnv } from './env.js';
import { optionalText, port, siteEnvSchema } from './site-env.js';

/** The site's settings plus what the publisher and the site server read (README, "Configuration"). */
export const publisherEnvSchema = siteEnvSchema.extend({
  SITE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SITE_PORT: port(4321),
  SITE_RELEASES_DIR: z.string().trim().min(1).default('./data/site'),
  PUBLISHER_HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLISHER_PORT: port(4322),
  PUBLISHER_SECRET: z.string().min(16, 'must be at least 16 characters (npm start generates one when it is empty); Directus signs with the same value'),
  PUBLISH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  PUBLISH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  MIRROR_DIR: optionalText,
  MIRROR_REMOTE: optionalText,
});

export type PublisherEnv = z.output<typeof publisherEnvSchema>;

function crossFieldIssues(raw: unknown): string[] {
  const env = (raw ?? {}) as RawEnv;
  const issues: string[] = [];
  // The mirror carries owners' e-mails, which the site reader may not read; it exports as admin.
  if (env.MIRROR_DIR?.trim() && !(env.ADMIN_EMAIL?.trim() && env.ADMIN_PASSWORD?.trim())) {
    issues.push('ADMIN_EMAIL, ADMIN_PASSWORD: are required when MIRROR_DIR is set (the mirror is exported as the administrator)');
  }
  if (env.MIRROR_REMOTE?.trim() && !env.MIRROR_DIR?.trim()) issues.push('MIRROR_DIR: is required when MIRROR_REMOTE is set');
  return issues;
}

export function parsePublisherEnv(raw: RawEnv, where: string): PublisherEnv {
  return parseWith(publisherEnvSchema, raw, where, crossFieldIssues);
}

/** The address Directus signals; `npm start` gives it to the Directus it starts. */
export function publisherSignalUrl(env: Pick<PublisherEnv, 'PUBLISHER_HOST' | 'PUBLISHER_PORT'>): string {
  return `http://${reachableHost(env.PUBLISHER_HOST)}:${env.PUBLISHER_PORT}/signal`;
}
