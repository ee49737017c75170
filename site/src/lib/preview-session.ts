import type { AstroCookies } from 'astro';
import { ACCESS_COOKIE, COOKIE_PATH, REFRESH_COOKIE } from './preview-auth.js';

export interface Tokens {
  access: string;
  refresh: string | null;
  /** Lifetime of the access token in ms, as Directus reports it. */
  expiresMs: number;
}

interface AuthResponse {
  data?: { access_token?: string; refresh_token?: string; expires?: number };
  errors?: { message?: string }[];
}

async function authRequest(directusUrl: string, path: string, body: Record<string, unknown>): Promise<Tokens | { error: string; status: number }> {
  let response: Response;
  try {
    response = await fetch(`${directusUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, mode: 'json' }) });
  } catch (error) {
    return { error: `Directus не отвечает (${(error as Error).message})`, status: 502 };
  }
  const json = (await response.json().catch(() => ({}))) as AuthResponse;
  const access = json.data?.access_token;
  if (!response.ok || !access) return { error: json.errors?.[0]?.message ?? `HTTP ${response.status}`, status: response.status };
  return { access, refresh: json.data?.refresh_token ?? null, expiresMs: json.data?.expires ?? 900_000 };
}

export function login(directusUrl: string, email: string, password: string) {
  return authRequest(directusUrl, '/auth/login', { email, password });
}

export function refresh(directusUrl: string, refreshToken: string) {
  return authRequest(directusUrl, '/auth/refresh', { refresh_token: refreshToken });
}

const WEEK_S = 7 * 24 * 3600;

/** httpOnly cookies scoped to the preview pages: the page's script never sees the token. */
export function storeTokens(cookies: AstroCookies, tokens: Tokens, secure: boolean): void {
  const base = { httpOnly: true, sameSite: 'lax' as const, path: COOKIE_PATH, secure };
  cookies.set(ACCESS_COOKIE, tokens.access, { ...base, maxAge: Math.max(60, Math.floor(tokens.expiresMs / 1000)) });
  if (tokens.refresh) cookies.set(REFRESH_COOKIE, tokens.refresh, { ...base, maxAge: WEEK_S });
}

export function clearTokens(cookies: AstroCookies): void {
  cookies.delete(ACCESS_COOKIE, { path: COOKIE_PATH });
  cookies.delete(REFRESH_COOKIE, { path: COOKIE_PATH });
}

/** The editor's token: a Bearer header (for tools) or the login cookie. */
export function requestToken(request: Request, cookies: AstroCookies): string | null {
  const header = request.headers.get('authorization');
  const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  return bearer || cookies.get(ACCESS_COOKIE)?.value || null;
}

/** A form POST from a page of this same server (the browser's Origin matches the Host it asked). */
export function fromSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Behind a TLS proxy the cookies must be Secure. */
export function isSecure(request: Request): boolean {
  return request.headers.get('x-forwarded-proto') === 'https' || new URL(request.url).protocol === 'https:';
}
