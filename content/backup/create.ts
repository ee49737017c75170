import { readComments, readContentVersions, readItems, readRoles, readUsers } from '@directus/sdk';
import { z } from 'zod';
import { KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { compareCodes } from '../../core/section-code.js';
import { STORED_SECTION_FIELDS } from '../../core/section-record.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupCommentSchema,
  backupRoleSchema,
  backupSchema,
  backupSectionSchema,
  backupUserSchema,
  backupVersionSchema,
  USER_PROFILE_FIELDS,
  type Backup,
} from './format.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { openDirectusDatabase, type DatabaseSettings } from '../../platform/directus-db.js';

export interface CreateBackupOptions {
  client: CmsClient;
  /** Directus's database settings: password hashes are read there, the API never returns them. */
  database: DatabaseSettings;
  url: string;
  now?: Date;
}

const read = <T>(what: string, run: () => Promise<T>): Promise<T> => cmsRequest(`read ${what} from Directus`, run, 'The backup runs as the administrator.');

const secretsSchema = z.array(z.object({ id: z.string(), password: z.string().nullable(), tfa_secret: z.string().nullable() }));

/** Reads everything worth restoring; the result is checked against the restore's own schema. */
export async function createBackup({ client, database, url, now = new Date() }: CreateBackupOptions): Promise<Backup> {
  const [sections, users, roles, comments, versions] = await Promise.all([
    read('the sections', () => client.request(readItems('sections', { fields: [...STORED_SECTION_FIELDS], limit: -1 }))),
    read('the users', () => client.request(readUsers({ fields: [...USER_PROFILE_FIELDS], limit: -1 }))),
    read('the roles', () => client.request(readRoles({ fields: ['id', 'name'], limit: -1 }))),
    read('the comments', () => client.request(readComments({ filter: { collection: { _eq: 'sections' } }, fields: ['*'], limit: -1 }))),
    read('the content versions', () => client.request(readContentVersions({ filter: { collection: { _eq: 'sections' } }, fields: ['*'], limit: -1 }))),
  ]);
  const db = openDirectusDatabase(database);
  let secrets: z.output<typeof secretsSchema>;
  try {
    secrets = parseWith(secretsSchema, await db('directus_users').select('id', 'password', 'tfa_secret'), 'the password hashes in the database');
  } catch (error) {
    throw new KbError('failed', `Could not read the password hashes from the database (${database.DB_CLIENT})`, { why: (error as Error).message, hint: 'Check the DB_* settings.', cause: error });
  } finally {
    await db.destroy();
  }
  const secretOf = new Map(secrets.map((s) => [s.id, s]));

  const validUsers = parseWith(z.array(backupUserSchema.omit({ password_hash: true, tfa_secret: true })), users, 'the users Directus returned');
  const usedRoles = new Set(validUsers.map((u) => u.role).filter((r): r is string => r !== null));
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: now.toISOString(),
    source: { url, database: String(database.DB_CLIENT ?? '') },
    roles: parseWith(z.array(backupRoleSchema), roles, 'the roles Directus returned')
      .filter((r) => usedRoles.has(r.id))
      .sort((a, b) => a.name.localeCompare(b.name)),
    users: validUsers
      .map((u) => ({ ...u, password_hash: secretOf.get(u.id)?.password ?? null, tfa_secret: secretOf.get(u.id)?.tfa_secret ?? null }))
      .sort((a, b) => (a.email ?? a.id).localeCompare(b.email ?? b.id)),
    sections: parseWith(z.array(backupSectionSchema), sections, 'the sections Directus returned').sort((a, b) => compareCodes(a.code, b.code)),
    comments: parseWith(z.array(backupCommentSchema), comments, 'the comments Directus returned').sort(
      (a, b) => (a.date_created ?? '').localeCompare(b.date_created ?? '') || a.id.localeCompare(b.id),
    ),
    versions: parseWith(z.array(backupVersionSchema), versions, 'the content versions Directus returned').sort(
      (a, b) => (a.date_created ?? '').localeCompare(b.date_created ?? '') || a.id.localeCompare(b.id),
    ),
  };
  // What is written is what a restore accepts: checked here, not discovered on the day it is needed.
  return parseWith(backupSchema, backup, 'the backup');
}
