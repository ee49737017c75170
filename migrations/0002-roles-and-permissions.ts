import { STUDENT_SETTABLE_STATUSES } from '../core/status.js';
import { ensurePermission, ensurePolicy, ensureRole, type PermissionSpec } from './lib/ensure.js';
import type { Migration, MigrationContext } from './lib/migration.js';
import { POLICY, ROLE } from '../core/fixed-ids.js';
import { SITE_PUBLISHED_ONLY_FIELDS, siteReaderFieldsOf } from '../core/site-reader-queries.js';

const ME = '$CURRENT_USER';
const ownSection = { owner: { _eq: ME } };
const studentStatuses = { status: { _in: [...STUDENT_SETTABLE_STATUSES] } };
// What anyone who works in the app may see of other people: enough to show an owner's name.
const publicUserFields = ['id', 'first_name', 'last_name', 'email', 'avatar', 'title'];
const sectionsOnly = { collection: { _eq: 'sections' } };

function permissions(policy: string, specs: Omit<PermissionSpec, 'policy'>[]): PermissionSpec[] {
  return specs.map((spec) => ({ ...spec, policy }));
}

/** What every editor needs around the sections: names of people, history, comments. */
function editorBasics(policy: string): PermissionSpec[] {
  return permissions(policy, [
    { collection: 'directus_users', action: 'read', fields: publicUserFields },
    { collection: 'directus_revisions', action: 'read', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_activity', action: 'read', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'read', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'create', validation: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'update', permissions: { user_created: { _eq: ME } }, fields: ['comment'] },
  ]);
}

export const ctoPermissions: PermissionSpec[] = [
  ...permissions(POLICY.cto, [
    { collection: 'sections', action: 'create', presets: { owner: ME }, fields: ['*'] },
    { collection: 'sections', action: 'read', fields: ['*'] },
    { collection: 'sections', action: 'update', fields: ['*'] },
    { collection: 'sections', action: 'delete', fields: ['*'] },
    { collection: 'directus_versions', action: 'create', validation: sectionsOnly, fields: ['*'] },
    { collection: 'directus_versions', action: 'read', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_versions', action: 'update', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_versions', action: 'delete', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'delete', permissions: sectionsOnly, fields: ['*'] },
  ]),
  ...editorBasics(POLICY.cto),
];

export const studentPermissions: PermissionSpec[] = [
  ...permissions(POLICY.student, [
    {
      collection: 'sections', action: 'create',
      presets: { owner: ME, status: 'planned' },
      validation: { _and: [studentStatuses, { owner: { _eq: ME } }] },
      fields: ['*'],
    },
    { collection: 'sections', action: 'read', fields: ['*'] },
    {
      collection: 'sections', action: 'update',
      permissions: ownSection,
      validation: studentStatuses,
      // Everything but the owner: reassigning is the CTO's call.
      fields: ['code', 'title', 'slug', 'parent', 'status', 'summary', 'body', 'due_date', 'children', 'source'],
    },
    // Proposed changes to published sections live in content versions until the CTO promotes them.
    { collection: 'directus_versions', action: 'create', validation: sectionsOnly, fields: ['*'] },
    // Own versions only: Directus's POST /versions/:id/save writes into any version the caller can
    // read (it skips update permissions), so reading another student's proposal would let one write into it.
    { collection: 'directus_versions', action: 'read', permissions: { _and: [sectionsOnly, { user_created: { _eq: ME } }] }, fields: ['*'] },
    { collection: 'directus_versions', action: 'update', permissions: { _and: [sectionsOnly, { user_created: { _eq: ME } }] }, fields: ['name', 'delta'] },
  ]),
  ...editorBasics(POLICY.student),
];

/**
 * Every field of a section the site reads but its text: the site reader sees the whole tree, and the
 * text only of published sections (migration 0007 adds that as a second policy). Derived from the
 * site's declared queries (core/site-reader-queries.ts), so a field the site does not read stays
 * hidden from its token.
 */
export const SITE_READER_SECTION_FIELDS = siteReaderFieldsOf('sections').filter((field) => !SITE_PUBLISHED_ONLY_FIELDS.includes(field));

// Until 0007 this was fields `*`; it holds the newest narrower form (0008) so that applying every
// migration again (a run killed before its ledger was written) finds each permission already in place.
export const siteReaderPermissions: PermissionSpec[] = permissions(POLICY.siteReader, [
  { collection: 'sections', action: 'read', fields: SITE_READER_SECTION_FIELDS },
  { collection: 'directus_users', action: 'read', fields: siteReaderFieldsOf('directus_users') },
]);

export async function ensureRolesAndPolicies(ctx: MigrationContext): Promise<void> {
  await ensureRole(ctx, { id: ROLE.cto, name: 'CTO', icon: 'engineering', description: 'Назначает, проверяет и публикует разделы' });
  await ensureRole(ctx, { id: ROLE.student, name: 'Student', icon: 'school', description: 'Пишет свои разделы и отправляет их на проверку' });
  await ensureRole(ctx, { id: ROLE.siteReader, name: 'Site reader', icon: 'public', description: 'Только API: сборка публичного сайта' });
  await ensurePolicy(ctx, {
    id: POLICY.cto, name: 'CTO', icon: 'engineering', description: 'Всё о разделах: создание, правка, публикация, архив, удаление, владельцы',
    app_access: true, admin_access: false, roles: [ROLE.cto],
  });
  await ensurePolicy(ctx, {
    id: POLICY.student, name: 'Student', icon: 'school', description: 'Читает всё; правит только свои разделы; статусы до «На проверке»',
    app_access: true, admin_access: false, roles: [ROLE.student],
  });
  await ensurePolicy(ctx, {
    id: POLICY.siteReader, name: 'Site reader', icon: 'public', description: 'Чтение разделов для сборки сайта, без доступа к приложению',
    app_access: false, admin_access: false, roles: [ROLE.siteReader],
  });
}

export const migration: Migration = {
  id: '0002-roles-and-permissions',
  title: 'Roles CTO, Student, Site reader with their native permissions',
  async up(ctx) {
    await ensureRolesAndPolicies(ctx);
    for (const spec of [...ctoPermissions, ...studentPermissions, ...siteReaderPermissions]) await ensurePermission(ctx, spec);
  },
};
