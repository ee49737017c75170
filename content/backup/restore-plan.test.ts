import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKbError } from '../../core/errors.js';
import { backupSchema, BACKUP_FORMAT, BACKUP_VERSION, type Backup } from './format.js';
import { planRestore, type RestoreTarget } from './restore-plan.js';

const ROLE_CTO = '8f1b0a54-7f4e-4a55-9c1e-3a2b1c0d9e01';
const ROLE_STUDENT = '8f1b0a54-7f4e-4a55-9c1e-3a2b1c0d9e02';
const ADMIN = '1a2b3c4d-0000-4000-8000-00000000a001';
const CTO = '1a2b3c4d-0000-4000-8000-00000000a002';
const ALICE = '1a2b3c4d-0000-4000-8000-00000000a003';
const CHAPTER = '6f1e2a7b-0000-4000-8000-000000000001';
const SERVERS = '6f1e2a7b-0000-4000-8000-000000000002';

const user = (id: string, email: string, role: string | null, first: string, last: string) => ({
  id, email, first_name: first, last_name: last, status: 'active', role, password_hash: `$argon2id$v=19$m=65536,t=3,p=4$${id.slice(-4)}`,
});
const section = (id: string, code: string, parent: string | null, title: string, fields: Record<string, unknown> = {}) => ({
  id, code, parent, title, status: 'in_progress', date_created: '2025-03-01T09:00:00.000Z', date_updated: '2025-06-30T17:45:12.000Z', ...fields,
});

/** A backup as `npm run backup` writes one: an admin, the CTO and a student, two sections, a comment, a pending edit. */
const backup: Backup = backupSchema.parse({
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  created_at: '2025-07-01T03:00:00.000Z',
  source: { url: 'https://dir.tapbot.kz', database: 'pg' },
  roles: [{ id: ROLE_CTO, name: 'CTO' }, { id: ROLE_STUDENT, name: 'Student' }],
  users: [user(ADMIN, 'admin@tapbot.kz', null, 'Admin', 'User'), user(CTO, 'cto@tapbot.kz', ROLE_CTO, 'Кадырхан', 'Ахметов'), user(ALICE, 'alice@tapbot.kz', ROLE_STUDENT, 'Алиса', 'Иванова')],
  sections: [
    section(CHAPTER, '02', null, 'Infrastructure', { status: 'published', user_created: CTO }),
    section(SERVERS, '02.01', CHAPTER, 'Серверы', { owner: ALICE, user_created: CTO, user_updated: ALICE, slug: 'servers', body: '## Основной сервер\n\nHetzner AX41.' }),
  ],
  comments: [{ id: '3c4d5e6f-0000-4000-8000-000000000001', collection: 'sections', item: SERVERS, comment: 'Добавь характеристики диска', date_created: '2025-06-30T18:00:00.000Z', date_updated: null, user_created: CTO }],
  versions: [{ id: '4d5e6f70-0000-4000-8000-000000000001', key: 'pravka-alisa', name: 'Правка: Алиса', collection: 'sections', item: SERVERS, date_created: '2025-06-30T19:00:00.000Z', date_updated: null, user_created: ALICE, delta: { body: 'Hetzner AX52', _user: ALICE } }],
});

/** A fresh target: migrated (same role ids), its own admin under the same e-mail, the CTO already invited. */
const TARGET_ADMIN = '9e9e9e9e-0000-4000-8000-00000000b001';
const TARGET_CTO = '9e9e9e9e-0000-4000-8000-00000000b002';
const empty: RestoreTarget = {
  counts: { sections: 0, comments: 0, versions: 0 },
  me: { id: TARGET_ADMIN, email: 'admin@tapbot.kz' },
  roles: [{ id: ROLE_CTO, name: 'CTO' }, { id: ROLE_STUDENT, name: 'Student' }],
  users: [{ id: TARGET_ADMIN, email: 'admin@tapbot.kz' }, { id: TARGET_CTO, email: 'CTO@tapbot.kz' }],
};

test('accounts the target has under the same e-mail keep their id, and every reference follows them', () => {
  const plan = planRestore(backup, empty);
  assert.deepEqual(plan.users.map((u) => [u.user.email, u.kind, u.targetId]), [
    ['admin@tapbot.kz', 'update', TARGET_ADMIN],
    ['cto@tapbot.kz', 'update', TARGET_CTO],
    ['alice@tapbot.kz', 'create', ALICE],
  ]);
  assert.deepEqual(plan.usersMatchedByEmail.map((m) => m.targetId), [TARGET_ADMIN, TARGET_CTO]);
  assert.equal(plan.history.sections[0]?.user_created, TARGET_CTO);
  assert.equal(plan.history.comments[0]?.user_created, TARGET_CTO);
  assert.deepEqual(plan.history.sections[1]?.date_updated, new Date('2025-06-30T17:45:12.000Z'));
  assert.equal(JSON.parse(String(plan.history.versions[0]?.delta))._user, ALICE);
  assert.deepEqual(plan.sections.map((s) => [s.code, s.parent, s.owner]), [['02', null, null], ['02.01', CHAPTER, ALICE]]);
});

test('the admin running the restore keeps their own password; everyone else gets theirs from the backup', () => {
  const { history } = planRestore(backup, empty);
  assert.deepEqual(history.passwords.map((p) => p.id), [TARGET_CTO, ALICE]);
  assert.ok(history.passwords.every((p) => p.password?.startsWith('$argon2id$')));
});

test('a target with content, or without a role of the backup, is refused before anything is planned', () => {
  assert.throws(() => planRestore(backup, { ...empty, counts: { sections: 189, comments: 3, versions: 0 } }), (error: unknown) => {
    assert.ok(isKbError(error, 'conflict'));
    assert.match(error.message, /not empty \(189 sections, 3 comments\); nothing was restored/);
    return true;
  });
  assert.throws(() => planRestore(backup, { ...empty, roles: [{ id: ROLE_CTO, name: 'CTO' }] }), /The target has no role Student \(8f1b0a54-7f4e-4a55-9c1e-3a2b1c0d9e02\)[\s\S]*npm run migrate/);
});

test('roles are matched by name when the target gave them other ids', () => {
  const renamed = { ...empty, roles: [{ id: '7a7a7a7a-0000-4000-8000-000000000001', name: 'CTO' }, { id: '7a7a7a7a-0000-4000-8000-000000000002', name: 'Student' }] };
  const alice = planRestore(backup, renamed).users.find((u) => u.user.id === ALICE);
  assert.equal(alice?.profile.role, '7a7a7a7a-0000-4000-8000-000000000002');
});
