import { randomBytes } from 'node:crypto';
import { aggregate, createUsers, readMe, readRoles, readUsers, updateUser } from '@directus/sdk';
import { InvalidInputError, parseWith } from '../../core/parse-with.js';
import { backupCrossChecks, backupSchema, type Backup, type BackupUser } from './format.js';
import { describeCmsError, type CmsClient } from '../../platform/cms-client.js';
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
  const refuse = (why: string) => new InvalidInputError(`Cannot read ${label}: ${why}. Give the backup file \`npm run backup\` wrote`, label, [`${label}: ${why}`]);
  let read;
  try {
    const { rootReal, name } = await namedFileRoot(path);
    read = await readContainedFile(rootReal, name, { maxBytes: MAX_BACKUP_BYTES, allowHidden: [name] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(code === 'ENOENT' ? 'there is no such file' : String((error as Error).message));
  }
  if (!read.ok) throw refuse(refusalText(read.refusal));
  let value: unknown;
  try {
    value = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    // The parser's message quotes the text; the file may not be a backup at all.
    throw new InvalidInputError(`${label} is not JSON (it is not a backup, or it was cut short or edited by hand); nothing was restored`, label, [`${label}: not JSON`]);
  }
  try {
    return parseWith(backupSchema, value, label, backupCrossChecks);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(`${error.message}\nNothing was restored: the backup is checked whole before anything is written`, label, error.issues);
    }
    throw error;
  }
}

/** The target already holds content; restoring would mix two knowledge bases. */
export class RestoreTargetNotEmptyError extends Error {
  constructor(readonly found: string[]) {
    super(
      `The target knowledge base is not empty (${found.join(', ')}); nothing was restored. ` +
        'Restore into an empty instance: a fresh database (a new DB_FILENAME, or an empty PostgreSQL database) with `npm start` or `npm run migrate` applied',
    );
    this.name = 'RestoreTargetNotEmptyError';
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
  /** Accounts that already existed in the target with another id: references follow them. */
  usersMatchedByEmail: { email: string; backupId: string; targetId: string }[];
}

async function count(client: CmsClient, what: string, run: () => Promise<unknown>): Promise<number> {
  try {
    const rows = (await run()) as { count: number | string | { id?: number | string } }[];
    const value = rows[0]?.count;
    return Number(typeof value === 'object' && value !== null ? (value.id ?? 0) : (value ?? 0));
  } catch (error) {
    throw new Error(`Could not count the ${what} of the target: ${describeCmsError(error)}`, { cause: error });
  }
}

type RestoreUserPlan = { user: BackupUser; kind: 'create' | 'update'; targetId: string };

function profile(user: BackupUser, role: string | null): Record<string, unknown> {
  const { password_hash: _hash, tfa_secret: _tfa, id: _id, ...rest } = user;
  return { ...rest, role };
}

/**
 * Restores a backup into an empty knowledge base: users (with their password hashes, so people
 * log in as before), sections with every field including who made them and when, comments and
 * pending content versions. Sections go through the API (the hook checks them and the progress
 * figures follow); what the API always stamps itself is then set from the backup in the database,
 * and Directus's cache is cleared.
 */
export async function restoreBackup({ client, database, backup, log = () => {} }: RestoreOptions): Promise<RestoreResult> {
  const [sections, comments, versions] = await Promise.all([
    count(client, 'sections', () => client.request(aggregate('sections', { aggregate: { count: '*' } }))),
    count(client, 'comments', () => client.request(aggregate('directus_comments', { aggregate: { count: 'id' }, query: { filter: { collection: { _eq: 'sections' } } } }))),
    count(client, 'content versions', () => client.request(aggregate('directus_versions', { aggregate: { count: 'id' }, query: { filter: { collection: { _eq: 'sections' } } } }))),
  ]);
  const found = [
    ...(sections > 0 ? [`${sections} sections`] : []),
    ...(comments > 0 ? [`${comments} comments`] : []),
    ...(versions > 0 ? [`${versions} content versions`] : []),
  ];
  if (found.length > 0) throw new RestoreTargetNotEmptyError(found);

  // Everything is matched up before the first write, so a backup that does not fit writes nothing.
  const me = (await client.request(readMe({ fields: ['id', 'email'] }))) as { id: string; email: string | null };
  const targetRoles = (await client.request(readRoles({ fields: ['id', 'name'], limit: -1 }))) as { id: string; name: string }[];
  const roleMap = new Map<string, string>();
  const missingRoles: string[] = [];
  for (const role of backup.roles) {
    const same = targetRoles.find((r) => r.id === role.id) ?? targetRoles.filter((r) => r.name === role.name).at(0);
    if (same) roleMap.set(role.id, same.id);
    else missingRoles.push(`${role.name} (${role.id})`);
  }
  if (missingRoles.length > 0) {
    throw new Error(`The target has no role ${missingRoles.join(', ')}; nothing was restored. Apply the migrations to the target first (\`npm run migrate\`)`);
  }
  const targetUsers = (await client.request(readUsers({ fields: ['id', 'email'], limit: -1 }))) as { id: string; email: string | null }[];
  const targetById = new Map(targetUsers.map((u) => [u.id, u]));
  const targetByEmail = new Map(targetUsers.filter((u) => u.email).map((u) => [String(u.email).toLowerCase(), u]));
  const plans: RestoreUserPlan[] = backup.users.map((user) => {
    if (targetById.has(user.id)) return { user, kind: 'update', targetId: user.id };
    const sameEmail = user.email ? targetByEmail.get(user.email.toLowerCase()) : undefined;
    if (sameEmail) return { user, kind: 'update', targetId: sameEmail.id };
    return { user, kind: 'create', targetId: user.id };
  });
  const userId = new Map(plans.map((p) => [p.user.id, p.targetId]));
  const mapUser = (id: string | null) => (id === null ? null : (userId.get(id) ?? id));
  const roleOf = (user: BackupUser) => (user.role === null ? null : (roleMap.get(user.role) ?? null));

  const toCreate = plans.filter((p) => p.kind === 'create');
  if (toCreate.length > 0) {
    try {
      // A random password until the hash from the backup replaces it below.
      await client.request(createUsers(toCreate.map(({ user }) => ({ id: user.id, ...profile(user, roleOf(user)), password: randomBytes(24).toString('hex') }))));
    } catch (error) {
      throw new Error(`Could not create the users: ${describeCmsError(error)}`, { cause: error });
    }
  }
  for (const { user, kind, targetId } of plans) {
    if (kind !== 'update') continue;
    // The account running the restore keeps its role and status: it must still be able to finish.
    const changes = targetId === me.id ? { ...profile(user, roleOf(user)), role: undefined, status: undefined } : profile(user, roleOf(user));
    try {
      await client.request(updateUser(targetId, changes));
    } catch (error) {
      throw new Error(`Could not update the user ${user.email ?? user.id}: ${describeCmsError(error)}`, { cause: error });
    }
  }
  log(`Users: ${toCreate.length} created, ${plans.length - toCreate.length} already there (updated).`);

  await createSectionsInBulk(
    client,
    backup.sections.map((s) => ({
      id: s.id,
      code: s.code,
      parent: s.parent,
      title: s.title,
      slug: s.slug,
      status: s.status,
      owner: mapUser(s.owner),
      summary: s.summary,
      body: s.body,
      due_date: s.due_date,
      previous_codes: s.previous_codes,
      source: s.source,
      import_hash: s.import_hash,
      imported_at: s.imported_at,
    })),
  );
  log(`Sections: ${backup.sections.length} created.`);

  const db = openDirectusDatabase(database);
  const date = (value: string | null) => (value === null ? null : new Date(value));
  try {
    await db.transaction(async (trx) => {
      for (const { user, targetId } of plans) {
        if (targetId === me.id) continue;
        await trx('directus_users').where({ id: targetId }).update({ password: user.password_hash, tfa_secret: user.tfa_secret });
      }
      for (const s of backup.sections) {
        await trx('sections').where({ id: s.id }).update({
          slug: s.slug,
          date_created: date(s.date_created),
          user_created: mapUser(s.user_created),
          date_updated: date(s.date_updated),
          user_updated: mapUser(s.user_updated),
        });
      }
      for (const c of backup.comments) {
        await trx('directus_comments').insert({ ...c, date_created: date(c.date_created), date_updated: date(c.date_updated), user_created: mapUser(c.user_created), user_updated: mapUser(c.user_updated) });
      }
      for (const v of backup.versions) {
        // Directus notes the author of each saved edit inside the delta too.
        const delta = v.delta === null ? null : { ...v.delta, ...(typeof v.delta._user === 'string' ? { _user: mapUser(v.delta._user) } : {}) };
        await trx('directus_versions').insert({
          ...v,
          delta: delta === null ? null : JSON.stringify(delta),
          date_created: date(v.date_created),
          date_updated: date(v.date_updated),
          user_created: mapUser(v.user_created),
          user_updated: mapUser(v.user_updated),
        });
      }
    });
  } catch (error) {
    throw new Error(
      `The users and sections were restored, but setting their history fields, comments and versions in the database failed: ${(error as Error).message}. ` +
        'Empty the target and restore again',
      { cause: error },
    );
  } finally {
    await db.destroy();
  }
  try {
    await client.request(() => ({ path: '/utils/cache/clear', method: 'POST' }));
  } catch (error) {
    log(`warning: could not clear Directus's cache (${describeCmsError(error)}); restart Directus so it does not serve what it cached before the restore`);
  }
  log(`Comments: ${backup.comments.length}, content versions: ${backup.versions.length}.`);
  return {
    sections: backup.sections.length,
    comments: backup.comments.length,
    versions: backup.versions.length,
    usersCreated: toCreate.length,
    usersUpdated: plans.length - toCreate.length,
    usersMatchedByEmail: plans
      .filter((p) => p.targetId !== p.user.id)
      .map((p) => ({ email: p.user.email ?? '', backupId: p.user.id, targetId: p.targetId })),
  };
}
