import { createUser, readMe, readUsers, updateUser } from '@directus/sdk';
import { createCmsClient, type CmsClient } from '../../platform/cms-client.js';
import { ROLE, SITE_READER_USER } from '../../core/fixed-ids.js';
import { ownAccountQuery } from '../../core/site-reader-queries.js';

export interface WorkingAccount {
  email: string;
  password: string;
  role: string;
  first_name: string;
  last_name: string;
}

/**
 * The site's API-only account with its static token from the environment. Kept in step on every
 * run, so rotating the token is: change SITE_READER_TOKEN, run `npm run migrate` (or restart).
 */
export async function ensureSiteReader(client: CmsClient, token: string, log: (line: string) => void): Promise<void> {
  const [existing] = await client.request(readUsers({ filter: { id: { _eq: SITE_READER_USER } }, fields: ['id', 'role', 'status'] }));
  const wanted = { role: ROLE.siteReader, status: 'active', token, first_name: 'Site', last_name: 'reader', email: 'site-reader@tapbot.kz' };
  if (!existing) {
    await client.request(createUser({ id: SITE_READER_USER, ...wanted } as never));
    log('  + site reader account');
  } else if (!(await tokenWorks(client, token)) || existing.role !== ROLE.siteReader || existing.status !== 'active') {
    await client.request(updateUser(SITE_READER_USER, { role: ROLE.siteReader, status: 'active', token } as never));
    log('  ~ site reader token');
  }
}

// Directus never returns a stored token, so "in step" means "the token from .env logs in as the reader".
async function tokenWorks(client: CmsClient, token: string): Promise<boolean> {
  try {
    const me = await createCmsClient({ url: client.url.toString().replace(/\/$/, ''), token }).request(readMe(ownAccountQuery()));
    return me.id === SITE_READER_USER;
  } catch {
    return false;
  }
}

/**
 * Creates a working account when its email is not taken yet. An existing account is left alone
 * (its owner may have changed the password in the app) except for its role.
 */
export async function ensureWorkingAccount(client: CmsClient, account: WorkingAccount, log: (line: string) => void): Promise<void> {
  const [existing] = await client.request(readUsers({ filter: { email: { _eq: account.email } }, fields: ['id', 'role'] }));
  if (!existing) {
    await client.request(createUser({ ...account, status: 'active' } as never));
    log(`  + account ${account.email}`);
  } else if (existing.role !== account.role) {
    await client.request(updateUser(existing.id, { role: account.role } as never));
    log(`  ~ account ${account.email}: role`);
  }
}

