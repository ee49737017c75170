import { join, resolve } from 'node:path';
import { createCmsClient, loginForToken, type CmsClient } from './cms-client.js';
import { loadDotenv } from './dotenv-file.js';
import { localDirectusUrl, parseKbEnv, type KbEnv, type RawEnv } from './env.js';
import { repoRoot } from './paths.js';

export interface AdminSession {
  client: CmsClient;
  url: string;
  token: string;
  env: KbEnv;
  /** Every setting as read (.env overridden by the environment), Directus's own included. */
  raw: RawEnv;
}

/** What the content commands (import, export, report, backup, restore) run as: the admin from .env. */
export async function openAdminSession(): Promise<AdminSession> {
  const { raw } = await loadDotenv(join(repoRoot, '.env'), join(repoRoot, '.env.example'));
  const env = parseKbEnv(raw, '.env');
  const url = localDirectusUrl(env);
  const token = await loginForToken(url, env.ADMIN_EMAIL, env.ADMIN_PASSWORD).catch((error: unknown) => {
    throw new Error(`Directus is not reachable at ${url} or refused the admin login; start it with \`npm start\` first`, { cause: error });
  });
  return { client: createCmsClient({ url, token }), url, token, env, raw };
}

/** A path the user typed, from where they typed it (npm runs scripts from the package root). */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
