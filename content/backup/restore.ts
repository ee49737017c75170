import { randomBytes } from 'node:crypto';
import { aggregate, createUsers, readMe, readRoles, readUsers, updateUser } from '@directus/sdk';
import { z } from 'zod';
import { fileErrorReason, isKbError, KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { backupCrossChecks, backupRoleSchema, backupSchema, backupUserSchema, type Backup } from './format.js';
import { planRestore, type RestoreHistory, type RestorePlan, type RestoreTarget } from './restore-plan.js';
import { clearCmsCache, cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { createSectionsInBulk } from '../create-sections.js';
import { openDirectusDatabase, type DatabaseSettings } from '../../platform/directus-db.js';
import { namedFileRoot, readContainedFile, type ContainedReadRefusal } from '../../platform/contained-files.js';

/** A backup is read whole into memory; a file larger than this is not one `npm run backup` wrote for this project. */
const MAX_BACKUP_BYTES = 2 * 1024 ** 3 - 1;

function refusalText(refusal: ContainedReadRefusal): string {
  switch (refusal.kind) {
    case 'outside':
      return `it is a symbolic link${refusal.link ? ` (→ ${refusal.link})` : ''} that leads out of its folder`;
    case 'hidden':
      return `it is a symbolic link${refusal.link ? ` (→ ${refusal.link})` : ''} to a hidden file (${refusal.inside})`;
    case 'too-large':
      return `it is larger (${refusal.bytes} bytes) than a backup is read into memory (${refusal.maxBytes} bytes)`;
    case 'not-a-file':
      return 'it is not a regular file';
    case 'loop':
      return 'it is a loop of symbolic links';
    case 'missing':
      return 'there is no such file';
  }
}

/**
 * Reads and validates a backup file; an unusable file is refused before anything is written. The
 * file is read like any file a user names: a symbolic link may lead only within its own folder,
 * and what the file holds is never quoted back (a wrong path could name a file of secrets).
 */
export async function loadBackupFile(path: string, label: string = path): Promise<Backup> {
  const refuse = (why: string, cause?: unknown) =>
    new KbError('bad-input', `Cannot read ${label}`, { why, hint: 'Give the backup file `npm run backup` wrote.', ...(cause === undefined ? {} : { cause }) });
  let read;
  try {
    const { rootReal, name } = await namedFileRoot(path);
    read = await readContainedFile(rootReal, name, { maxBytes: MAX_BACKUP_BYTES, allowHidden: [name] });
  } catch (error) {
    throw refuse(fileErrorReason(error), error);
  }
  if (!read.ok) throw refuse(refusalText(read.refusal));
  let value: unknown;
  try {
    value = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    // The parser's message quotes the text; the file may not be a backup at all.
    throw new KbError('bad-input', `${label} is not JSON (it is not a backup, or it was cut short or edited by hand); nothing was restored`);
  }
  try {
    return parseWith(backupSchema, value, label, backupCrossChecks);
  } catch (error) {
    if (isKbError(error, 'bad-input')) {
      throw new KbError('bad-input', error.what, { issues: error.issues, hint: 'Nothing was restored: the backup is checked whole before anything is written.', cause: error });
    }
    throw error;
  }
}

export interface RestoreOptions {
  client: CmsClient;
  database: DatabaseSettings;
  backup: Backup;
  log?: (line: string) => void;
}

export interface RestoreResult {
  sections: number;
  comments: number;
  versions: number;
  usersCreated: number;
  usersUpdated: number;
  usersMatchedByEmail: RestorePlan['usersMatchedByEmail'];
}

async function count(what: string, run: () => Promise<unknown>): Promise<number> {
  const rows = (await cmsRequest(`count the ${what} of the target`, run)) as { count: number | string | { id?: number | string } }[];
  const value = rows[0]?.count;
  return Number(typeof value === 'object' && value !== null ? (value.id ?? 0) : (value ?? 0));
}

/** Everything the plan needs to know of the target, read before any write. */
async function readTarget(client: CmsClient): Promise<RestoreTarget> {
  const ofSections = { query: { filter: { collection: { _eq: 'sections' } } } };
  const [sections, comments, versions, me, roles, users] = await Promise.all([
    count('sections', () => client.request(aggregate('sections', { aggregate: { count: '*' } }))),
    count('comments', () => client.request(aggregate('directus_comments', { aggregate: { count: 'id' }, ...ofSections }))),
    count('content versions', () => client.request(aggregate('directus_versions', { aggregate: { count: 'id' }, ...ofSections }))),
    cmsRequest('read the account running the restore', () => client.request(readMe({ fields: ['id', 'email'] }))),
    cmsRequest('read the roles of the target', () => client.request(readRoles({ fields: ['id', 'name'], limit: -1 }))),
    cmsRequest('read the users of the target', () => client.request(readUsers({ fields: ['id', 'email'], limit: -1 }))),
  ]);
  const account = backupUserSchema.pick({ id: true, email: true });
  return {
    counts: { sections, comments, versions },
    me: parseWith(account, me, 'the account running the restore'),
    roles: parseWith(z.array(backupRoleSchema), roles, 'the roles of the target'),
    users: parseWith(z.array(account), users, 'the users of the target'),
  };
}

/** Users and sections through the API (the hook checks the sections, the progress figures follow). */
async function writeThroughApi(client: CmsClient, plan: RestorePlan, me: string): Promise<void> {
  const toCreate = plan.users.filter((u) => u.kind === 'create');
  if (toCreate.length > 0) {
    // A random password until the hash from the backup replaces it in the database.
    await cmsRequest('create the users', () =>
      client.request(createUsers(toCreate.map(({ targetId, profile }) => ({ id: targetId, ...profile, password: randomBytes(24).toString('hex') })))),
    );
  }
  for (const { user, kind, targetId, profile } of plan.users) {
    if (kind !== 'update') continue;
    // The account running the restore keeps its role and status: it must still be able to finish.
    const changes = targetId === me ? { ...profile, role: undefined, status: undefined } : profile;
    await cmsRequest(`update the user ${user.email ?? user.id}`, () => client.request(updateUser(targetId, changes)));
  }
  await createSectionsInBulk(client, plan.sections);
}

/** What the API always stamps itself, and what it never hands out, set from the backup in the database. */
async function writeHistory(database: DatabaseSettings, history: RestoreHistory): Promise<void> {
  const db = openDirectusDatabase(database);
  try {
    await db.transaction(async (trx) => {
      for (const { id, ...secrets } of history.passwords) await trx('directus_users').where({ id }).update(secrets);
      for (const { id, ...stamps } of history.sections) await trx('sections').where({ id }).update(stamps);
      for (const comment of history.comments) await trx('directus_comments').insert(comment);
      for (const version of history.versions) await trx('directus_versions').insert(version);
    });
  } catch (error) {
    throw new KbError('failed', 'The users and sections were restored, but setting their history fields, comments and versions in the database failed', {
      why: (error as Error).message,
      hint: 'Empty the target and restore again.',
      cause: error,
    });
  } finally {
    await db.destroy();
  }
}

/**
 * Restores a backup into an empty knowledge base: users (with their password hashes, so people
 * log in as before), sections with every field including who made them and when, comments and
 * pending content versions. read the target → plan (pure, restore-plan.ts) → write through the
 * API → write the history into the database → clear Directus's cache.
 */
export async function restoreBackup({ client, database, backup, log = () => {} }: RestoreOptions): Promise<RestoreResult> {
  const target = await readTarget(client);
  const plan = planRestore(backup, target);
  const created = plan.users.filter((u) => u.kind === 'create').length;

  await writeThroughApi(client, plan, target.me.id);
  log(`Users: ${created} created, ${plan.users.length - created} already there (updated).`);
  log(`Sections: ${plan.sections.length} created.`);
  await writeHistory(database, plan.history);
  try {
    await clearCmsCache(client);
  } catch (error) {
    log(`warning: ${(error as Error).message}; restart Directus so it does not serve what it cached before the restore`);
  }
  log(`Comments: ${plan.history.comments.length}, content versions: ${plan.history.versions.length}.`);
  return {
    sections: plan.sections.length,
    comments: plan.history.comments.length,
    versions: plan.history.versions.length,
    usersCreated: created,
    usersUpdated: plan.users.length - created,
    usersMatchedByEmail: plan.usersMatchedByEmail,
  };
}
