import { createDirectus, rest, staticToken, authentication, type RestClient, type StaticTokenClient, type DirectusClient } from '@directus/sdk';
import { KbError } from '../core/errors.js';
import { retryingOnRateLimit } from './rate-limit-retry.js';

// The project talks to collections whose shape it defines itself (migrations/); typing the SDK
// with that schema buys little for admin scripts, so the client is schema-agnostic.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = any;
export type CmsClient = DirectusClient<AnySchema> & RestClient<AnySchema> & StaticTokenClient<AnySchema>;

export interface CmsClientOptions {
  url: string;
  token: string;
  fetch?: typeof globalThis.fetch;
}

/** The one way scripts reach Directus: REST with a token (static, or one a login produced). */
export function createCmsClient({ url, token, fetch = globalThis.fetch }: CmsClientOptions): CmsClient {
  return createDirectus<AnySchema>(url, { globals: { fetch: retryingOnRateLimit(fetch) } }).with(staticToken(token)).with(rest());
}

/** Exchanges a password for a short-lived access token. */
export async function loginForToken(url: string, email: string, password: string, fetch = globalThis.fetch): Promise<string> {
  const client = createDirectus<AnySchema>(url, { globals: { fetch: retryingOnRateLimit(fetch) } })
    // No refresh timer: callers use the token once, and a pending timer would keep the process alive.
    .with(authentication('json', { autoRefresh: false }))
    .with(rest());
  const result = await cmsRequest(`log in to Directus at ${url} as ${email}`, () => client.login({ email, password }));
  if (!result.access_token) throw new KbError('directus', `Could not log in to Directus at ${url} as ${email}`, { why: 'the response carried no access token' });
  return result.access_token;
}

/**
 * The one way a call to Directus fails: `Could not <what>: <Directus's answer>. <hint>`, a
 * `directus` KbError with the SDK's error as its cause (its HTTP status stays readable through
 * cmsErrorStatus). `what` says what was being done, in the words of the command that did it.
 */
export async function cmsRequest<T>(what: string, run: () => Promise<T>, hint?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new KbError('directus', `Could not ${what}`, { why: describeCmsError(error), ...(hint ? { hint } : {}), cause: error });
  }
}

interface DirectusErrorShape {
  errors?: { message?: string; extensions?: { code?: string } }[];
  response?: { status?: number };
}

/** Turns what the SDK throws (an object with `errors`, or a network error) into one readable line. */
export function describeCmsError(error: unknown): string {
  if (error && typeof error === 'object' && 'errors' in error) {
    const shape = error as DirectusErrorShape;
    const status = shape.response?.status;
    const messages = (shape.errors ?? []).map((e) => `${e.message ?? 'unknown error'}${e.extensions?.code ? ` [${e.extensions.code}]` : ''}`);
    return `${status ? `HTTP ${status}: ` : ''}${messages.join('; ') || 'unknown error'}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** The HTTP status Directus answered with, found on the SDK's error or on one it caused. */
export function cmsErrorStatus(error: unknown): number | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ('response' in e) return (e as DirectusErrorShape).response?.status;
  }
  return undefined;
}

/**
 * Empties Directus's response cache (admin only). For the commands that deal with what was written
 * to the database behind Directus's back — a restore's history, a tree broken by a crash or an
 * older version — so that neither they nor the site read what Directus cached before.
 */
export async function clearCmsCache(client: CmsClient): Promise<void> {
  await cmsRequest("clear Directus's cache", () => client.request(() => ({ path: '/utils/cache/clear', method: 'POST' })));
}
