import { z } from 'zod';
import { storedSectionSchema } from '../../core/section-record.js';

/**
 * The backup file: everything the team would miss after losing the database — sections with
 * every field, users with their roles and password hashes, comments on sections, and pending
 * content versions (the CTO's review queue). Versioned, validated on restore before any write.
 */
export const BACKUP_FORMAT = 'tapbot-kb-backup';
export const BACKUP_VERSION = 1;

const uuid = z.string().uuid();
const timestamp = z.string().datetime({ offset: true }).nullable();

export const backupRoleSchema = z.object({ id: uuid, name: z.string().min(1) });

/** Profile fields as the API returns them; what a person sees in their own account. */
export const USER_PROFILE_FIELDS = [
  'id', 'email', 'first_name', 'last_name', 'location', 'title', 'description', 'tags', 'language', 'status', 'role',
  'provider', 'external_identifier', 'email_notifications', 'appearance', 'theme_dark', 'theme_light', 'text_direction',
] as const;

export const backupUserSchema = z.object({
  id: uuid,
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  location: z.string().nullable().default(null),
  title: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  tags: z.array(z.string()).nullable().default(null),
  language: z.string().nullable().default(null),
  status: z.enum(['draft', 'invited', 'unverified', 'active', 'suspended', 'archived']),
  role: uuid.nullable(),
  provider: z.string().default('default'),
  external_identifier: z.string().nullable().default(null),
  email_notifications: z.boolean().nullable().default(true),
  appearance: z.string().nullable().default(null),
  theme_dark: z.string().nullable().default(null),
  theme_light: z.string().nullable().default(null),
  text_direction: z.string().nullable().default('auto'),
  /** The argon2 hash as stored; never a password. null for accounts without one (API-only). */
  password_hash: z.string().nullable(),
  tfa_secret: z.string().nullable().default(null),
});

export const backupSectionSchema = storedSectionSchema.extend({
  date_created: timestamp,
  date_updated: timestamp,
  imported_at: timestamp.default(null),
});

export const backupCommentSchema = z.object({
  id: uuid,
  collection: z.literal('sections'),
  item: uuid,
  comment: z.string(),
  date_created: timestamp,
  date_updated: timestamp,
  user_created: uuid.nullable(),
  user_updated: uuid.nullable().default(null),
});

export const backupVersionSchema = z.object({
  id: uuid,
  key: z.string().min(1),
  name: z.string().nullable(),
  collection: z.literal('sections'),
  item: uuid,
  hash: z.string().nullable().default(null),
  date_created: timestamp,
  date_updated: timestamp,
  user_created: uuid.nullable(),
  user_updated: uuid.nullable().default(null),
  delta: z.record(z.unknown()).nullable(),
});

export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { errorMap: () => ({ message: `not a knowledge-base backup (format must be "${BACKUP_FORMAT}")` }) }),
  version: z.literal(BACKUP_VERSION, { errorMap: () => ({ message: `backup format version ${BACKUP_VERSION} is the one this restore reads` }) }),
  created_at: z.string().datetime({ offset: true }),
  source: z.object({ url: z.string(), database: z.string() }),
  roles: z.array(backupRoleSchema),
  users: z.array(backupUserSchema),
  sections: z.array(backupSectionSchema),
  comments: z.array(backupCommentSchema),
  versions: z.array(backupVersionSchema),
});

export type Backup = z.output<typeof backupSchema>;
export type BackupUser = z.output<typeof backupUserSchema>;
export type BackupSection = z.output<typeof backupSectionSchema>;
export type BackupComment = z.output<typeof backupCommentSchema>;
export type BackupVersion = z.output<typeof backupVersionSchema>;

/**
 * What the schema cannot see: references between the parts. A backup that breaks one would
 * restore into a knowledge base with dangling owners or sections; it is refused whole.
 */
export function backupCrossChecks(value: unknown): string[] {
  const backup = value as Partial<Backup> | null;
  if (!backup || typeof backup !== 'object') return [];
  const issues: string[] = [];
  const users = new Set((backup.users ?? []).map((u) => u?.id));
  const roles = new Set((backup.roles ?? []).map((r) => r?.id));
  const sections = new Map((backup.sections ?? []).map((s) => [s?.id, s]));
  const codes = new Map<string, number>();
  const seenUsers = new Set<string>();
  (backup.users ?? []).forEach((u, i) => {
    if (!u) return;
    if (seenUsers.has(u.id)) issues.push(`users.${i}.id: user ${u.id} occurs twice`);
    seenUsers.add(u.id);
    if (u.role && !roles.has(u.role)) issues.push(`users.${i}.role: role ${u.role} of ${u.email ?? u.id} is not among roles`);
  });
  const user = (id: string | null | undefined, where: string) => {
    if (id && !users.has(id)) issues.push(`${where}: user ${id} is not among users`);
  };
  (backup.sections ?? []).forEach((s, i) => {
    if (!s) return;
    const first = codes.get(s.code);
    if (first !== undefined) issues.push(`sections.${i}.code: code ${s.code} is also sections.${first}`);
    codes.set(s.code, i);
    if (s.parent && !sections.has(s.parent)) issues.push(`sections.${i}.parent: section ${s.code} has parent ${s.parent}, which is not among sections`);
    user(s.owner, `sections.${i}.owner`);
    user(s.user_created, `sections.${i}.user_created`);
    user(s.user_updated, `sections.${i}.user_updated`);
  });
  (backup.comments ?? []).forEach((c, i) => {
    if (!c) return;
    if (!sections.has(c.item)) issues.push(`comments.${i}.item: comment on section ${c.item}, which is not among sections`);
    user(c.user_created, `comments.${i}.user_created`);
    user(c.user_updated, `comments.${i}.user_updated`);
  });
  (backup.versions ?? []).forEach((v, i) => {
    if (!v) return;
    if (!sections.has(v.item)) issues.push(`versions.${i}.item: version of section ${v.item}, which is not among sections`);
    user(v.user_created, `versions.${i}.user_created`);
    user(v.user_updated, `versions.${i}.user_updated`);
  });
  return issues;
}
