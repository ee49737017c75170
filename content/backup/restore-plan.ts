import { KbError } from '../../core/errors.js';
import type { NewSection } from '../create-sections.js';
import type { Backup, BackupComment, BackupSection, BackupUser, BackupVersion } from './format.js';

/**
 * Pure: what a restore will write, decided from the backup and what the target holds before
 * anything is written, as the import plans before it applies. A backup that does not fit the
 * target (a target with content, a role it lacks) is refused here, whole.
 */

/** What the restore reads of the target first. */
export interface RestoreTarget {
  counts: { sections: number; comments: number; versions: number };
  /** The account running the restore: it keeps its role and status, and its own password. */
  me: { id: string; email: string | null };
  roles: readonly { id: string; name: string }[];
  users: readonly { id: string; email: string | null }[];
}

export interface RestoreUser {
  user: BackupUser;
  kind: 'create' | 'update';
  /** The id in the target: the backup's, or that of the account with the same e-mail. */
  targetId: string;
  /** The profile to write (the password hash goes into the database afterwards). */
  profile: Record<string, unknown>;
}

/** What the API cannot set and the restore writes into Directus's database itself. */
export interface RestoreHistory {
  passwords: { id: string; password: string | null; tfa_secret: string | null }[];
  /** `pending_edits`: the hook's count of the versions restored with it, which it never sees inserted (core/review-queue.ts). */
  sections: { id: string; slug: string | null; date_created: Date | null; user_created: string | null; date_updated: Date | null; user_updated: string | null; pending_edits: number }[];
  comments: Record<string, unknown>[];
  versions: Record<string, unknown>[];
}

export interface RestorePlan {
  users: RestoreUser[];
  sections: NewSection[];
  history: RestoreHistory;
  /** Accounts that already existed in the target with another id: references follow them. */
  usersMatchedByEmail: { email: string; backupId: string; targetId: string }[];
}

function refuseNonEmpty({ counts }: RestoreTarget): void {
  const found = [
    ...(counts.sections > 0 ? [`${counts.sections} sections`] : []),
    ...(counts.comments > 0 ? [`${counts.comments} comments`] : []),
    ...(counts.versions > 0 ? [`${counts.versions} content versions`] : []),
  ];
  if (found.length === 0) return;
  // Restoring would mix two knowledge bases.
  throw new KbError('conflict', `The target knowledge base is not empty (${found.join(', ')}); nothing was restored`, {
    hint: 'Restore into an empty instance: a fresh database (a new DB_FILENAME, or an empty PostgreSQL database) with `npm start` or `npm run migrate` applied.',
  });
}

/** The backup's roles → the target's, by id and then by name. */
function mapRoles(backup: Backup, target: RestoreTarget): Map<string, string> {
  const roles = new Map<string, string>();
  const missing: string[] = [];
  for (const role of backup.roles) {
    const same = target.roles.find((r) => r.id === role.id) ?? target.roles.find((r) => r.name === role.name);
    if (same) roles.set(role.id, same.id);
    else missing.push(`${role.name} (${role.id})`);
  }
  if (missing.length > 0) {
    throw new KbError('conflict', `The target has no role ${missing.join(', ')}; nothing was restored`, { hint: 'Apply the migrations to the target first (`npm run migrate`).' });
  }
  return roles;
}

function planUsers(backup: Backup, target: RestoreTarget, roles: Map<string, string>): RestoreUser[] {
  const byId = new Map(target.users.map((u) => [u.id, u]));
  const byEmail = new Map(target.users.filter((u) => u.email).map((u) => [String(u.email).toLowerCase(), u]));
  return backup.users.map((user) => {
    const { password_hash: _hash, tfa_secret: _tfa, id: _id, ...rest } = user;
    const profile = { ...rest, role: user.role === null ? null : (roles.get(user.role) ?? null) };
    if (byId.has(user.id)) return { user, kind: 'update', targetId: user.id, profile };
    const sameEmail = user.email ? byEmail.get(user.email.toLowerCase()) : undefined;
    return sameEmail ? { user, kind: 'update', targetId: sameEmail.id, profile } : { user, kind: 'create', targetId: user.id, profile };
  });
}

const date = (value: string | null) => (value === null ? null : new Date(value));

function planHistory(backup: Backup, users: readonly RestoreUser[], me: string, mapUser: (id: string | null) => string | null): RestoreHistory {
  const stamps = (row: BackupComment | BackupVersion) => ({
    date_created: date(row.date_created),
    date_updated: date(row.date_updated),
    user_created: mapUser(row.user_created),
    user_updated: mapUser(row.user_updated),
  });
  return {
    passwords: users.filter((u) => u.targetId !== me).map(({ user, targetId }) => ({ id: targetId, password: user.password_hash, tfa_secret: user.tfa_secret })),
    sections: backup.sections.map((s: BackupSection) => ({
      id: s.id,
      slug: s.slug,
      date_created: date(s.date_created),
      user_created: mapUser(s.user_created),
      date_updated: date(s.date_updated),
      user_updated: mapUser(s.user_updated),
      pending_edits: s.pending_edits,
    })),
    comments: backup.comments.map((c) => ({ ...c, ...stamps(c) })),
    versions: backup.versions.map((v) => {
      // Directus notes the author of each saved edit inside the delta too.
      const delta = v.delta === null ? null : { ...v.delta, ...(typeof v.delta._user === 'string' ? { _user: mapUser(v.delta._user) } : {}) };
      return { ...v, ...stamps(v), delta: delta === null ? null : JSON.stringify(delta) };
    }),
  };
}

export function planRestore(backup: Backup, target: RestoreTarget): RestorePlan {
  refuseNonEmpty(target);
  const roles = mapRoles(backup, target);
  const users = planUsers(backup, target, roles);
  const userId = new Map(users.map((u) => [u.user.id, u.targetId]));
  const mapUser = (id: string | null) => (id === null ? null : (userId.get(id) ?? id));
  return {
    users,
    sections: backup.sections.map((s) => ({
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
      previous_paths: s.previous_paths,
      source: s.source,
      import_hash: s.import_hash,
      imported_at: s.imported_at,
    })),
    history: planHistory(backup, users, target.me.id, mapUser),
    usersMatchedByEmail: users.filter((u) => u.targetId !== u.user.id).map((u) => ({ email: u.user.email ?? '', backupId: u.user.id, targetId: u.targetId })),
  };
}
