import { z } from 'zod';
import { isKbError, KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { buildSiteModel, type SiteModel } from '../src/lib/site-model.js';
import type { SiteSnapshot } from '../src/lib/site-snapshot.js';
import { cmsErrorStatus, createCmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';

/**
 * What every way of producing the public site starts with — the static build (site-build.ts) and
 * the publisher's warm renderer (site-renderer.ts): one validated read of Directus and the model
 * the pages are rendered from, or an error naming the cause before any page is made.
 */

export interface SiteSourceOptions {
  /** Where the site reads from (the local Directus, not necessarily its public address). */
  directusUrl: string;
  /** The site reader's static token. */
  token: string;
  /** The docs site's public address, for the sitemap, RSS and canonical links. */
  siteUrl: string;
  /** Directus's public address, for "edit in Directus" links. */
  directusPublicUrl: string;
  /** An empty knowledge base is refused unless this is set (an empty site is usually a wrong setup). */
  allowEmpty?: boolean;
  fetch?: typeof globalThis.fetch;
}

export interface SiteSource {
  snapshot: SiteSnapshot;
  model: SiteModel;
  fetchMs: number;
}

const optionsSchema = z.object({
  directusUrl: z.string().url(),
  token: z.string().min(1, 'is empty: set SITE_READER_TOKEN (npm start generates it)'),
  siteUrl: z.string().url(),
  directusPublicUrl: z.string().url(),
});

export function checkSiteSourceOptions(options: SiteSourceOptions): void {
  parseWith(optionsSchema, options, 'the site build settings');
}

/** Every failure of a site build starts so; nothing was published. */
export const CANNOT_BUILD = 'Cannot build the site';

function hintFor(error: unknown, url: string): string {
  const status = cmsErrorStatus(error);
  if (status === 401) return 'Directus refused the token: check SITE_READER_TOKEN (`npm run migrate` applies it to the site reader account)';
  if (status === 403) return "the token's account may not read sections: it should be the site reader's token (`npm run migrate` restores its permissions)";
  if (status !== undefined) return `Directus answered with HTTP ${status}`;
  return `is Directus running at ${url}? (start it with \`npm start\`, or set DIRECTUS_URL)`;
}

async function fetchSnapshot(options: SiteSourceOptions): Promise<SiteSnapshot> {
  const client = createCmsClient({ url: options.directusUrl, token: options.token, ...(options.fetch ? { fetch: options.fetch } : {}) });
  try {
    const [sections, people] = await Promise.all([fetchAllSections({ client }), fetchPeople(client)]);
    return { format: 1, generatedAt: new Date().toISOString(), siteUrl: options.siteUrl, directusPublicUrl: options.directusPublicUrl, sections, people };
  } catch (error) {
    if (isKbError(error, 'malformed-data')) throw new KbError('malformed-data', CANNOT_BUILD, { why: error.message, cause: error });
    const why = `reading ${options.directusUrl} failed (${hintFor(error, options.directusUrl)}). ${error instanceof Error ? error.message : String(error)}`;
    throw new KbError('directus', CANNOT_BUILD, { why, cause: error });
  }
}

/** Reads every section and person with the site reader's token and builds the model the pages use. */
export async function readSiteSource(options: SiteSourceOptions): Promise<SiteSource> {
  checkSiteSourceOptions(options);
  const started = performance.now();
  const snapshot = await fetchSnapshot(options);
  const fetchMs = performance.now() - started;
  if (snapshot.sections.length === 0 && !options.allowEmpty) {
    throw new KbError('failed', CANNOT_BUILD, {
      why: `Directus at ${options.directusUrl} returned no sections`,
      hint: 'Import the seed (`npm run import -- <file>`) or check that the token belongs to the site reader.',
    });
  }
  // The same checks the pages rely on, before any page is made: a bad tree fails here, named.
  try {
    return { snapshot, model: buildSiteModel(snapshot.sections, snapshot.people, snapshot), fetchMs };
  } catch (error) {
    throw new KbError('malformed-data', CANNOT_BUILD, { why: (error as Error).message, cause: error });
  }
}
