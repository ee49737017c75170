import { resolve } from 'node:path';
import { KbError } from '../core/errors.js';
import { createCmsClient, loginForToken, type CmsClient } from './cms-client.js';
import { localDirectusUrl } from './settings/addresses.js';
import { loadSettings } from './settings/load-settings.js';
import { cmsSettings, type CmsSettings } from './settings/schema.js';

export interface AdminSession {
  client: CmsClient;
  url: string;
  token: string;
  settings: CmsSettings;
}

/** What the commands beside a running Directus (migrate, import, export, report, backup, restore) run as: the admin from .env. */
export async function openAdminSession(): Promise<AdminSession> {
  const { settings } = await loadSettings(cmsSettings, { generate: true });
  const url = localDirectusUrl(settings);
  const token = await loginForToken(url, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD).catch((error: unknown) => {
    throw new KbError('directus', `Directus is not reachable at ${url} or refused the admin login`, { hint: 'Start it with `npm start` first.', cause: error });
  });
  return { client: createCmsClient({ url, token }), url, token, settings };
}

/** A path the user typed, from where they typed it (npm runs scripts from the package root). */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
