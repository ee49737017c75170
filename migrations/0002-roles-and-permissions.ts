import { shadowFieldsOf } from '../core/case-folding.js';
import { STUDENT_CREATE_FIELDS, STUDENT_UPDATE_FIELDS } from '../core/section-fields.js';
import { STUDENT_SETTABLE_STATUSES } from '../core/status.js';
import { ensurePermission, ensurePolicy, ensureRole, type PermissionSpec } from './lib/ensure.js';
import type { Migration, MigrationContext } from './lib/migration.js';
import { POLICY, ROLE } from '../core/fixed-ids.js';
import { SITE_PUBLISHED_ONLY_FIELDS, siteReaderFieldsOf } from '../core/site-reader-queries.js';

const ME = '$CURRENT_USER';
// Directus checks the hook-filtered payload against these lists: the lower-cased search copies the
// hook adds to a student's write (0017, core/case-folding.ts) must be listed. The hook refuses a
// student's own value for them (they are not in core/section-fields.ts) and writes them itself.
const HOOK_WRITTEN_SECTION_FIELDS = shadowFieldsOf('sections');
const ownSection = { owner: { _eq: ME } };
const studentStatuses = { status: { _in: [...STUDENT_SETTABLE_STATUSES] } };
// What anyone who works in the app may see of other people: enough to show an owner's name, and
// the lower-cased copies of the name that pickers search and filter on (0017, core/case-folding.ts).
const publicUserFields = ['id', 'first_name', 'last_name', 'email', 'avatar', 'title', 'search_first_name', 'search_last_name'];
const sectionsOnly = { collection: { _eq: 'sections' } };

function permissions(policy: string, specs: Omit<PermissionSpec, 'policy'>[]): PermissionSpec[] {
  return specs.map((spec) => ({ ...spec, policy }));
}

/**
 * Which revisions of sections an editor reads. Every save of a content version also writes a
 * revision (its `version` set), so reading all revisions would show another student's pending text
 * that GET /versions refuses; students read the main text's history and their own versions' (0009).
 */
const allSectionRevisions = sectionsOnly;
const mainOrOwnVersionRevisions = {
  _and: [sectionsOnly, { _or: [{ version: { _null: true } }, { version: { user_created: { _eq: ME } } }] }],
};
/**
 * Of the activity, everything but where a request came from (`ip`) and with what (`user_agent`):
 * no editor reads another's (0009). Each account still reads its own in full, through Directus's
 * app-access minimal permission (activity where user = $CURRENT_USER, every field); the hook
 * refuses filters, sorts and groups on those two fields, which Directus would evaluate on every row.
 */
const activityFieldsWithoutOrigins = ['id', 'action', 'user', 'timestamp', 'collection', 'item', 'origin', 'revisions'];
/**
 * Bookmarks and layouts: each editor's own only (0009). Directus's app-access minimal permissions
 * validate `user = $CURRENT_USER` only when `user` is sent, so a preset without it was stored as a
 * global one that every editor's app showed; Directus ANDs every permission's validation, so these
 * close it: a missing user becomes the caller, and user null or any role is refused. Global and role
 * presets (the team's bookmarks, migration 0003) are the admin's.
 */
const ownPresetOnly = { _and: [{ user: { _eq: ME } }, { role: { _null: true } }] };

/** What every editor needs around the sections: names of people, history, comments, own bookmarks. */
function editorBasics(policy: string, revisions: Record<string, unknown>): PermissionSpec[] {
  return permissions(policy, [
    { collection: 'directus_users', action: 'read', fields: publicUserFields },
    { collection: 'directus_revisions', action: 'read', permissions: revisions, fields: ['*'] },
    { collection: 'directus_activity', action: 'read', permissions: sectionsOnly, fields: activityFieldsWithoutOrigins },
    { collection: 'directus_comments', action: 'read', permissions: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'create', validation: sectionsOnly, fields: ['*'] },
    { collection: 'directus_comments', action: 'update', permissions: { user_created: { _eq: ME } }, fields: ['comment'] },
    { collection: 'directus_presets', action: 'create', presets: { user: ME }, validation: ownPresetOnly, fields: ['*'] },
    { collection: 'directus_presets', action: 'update', permissions: { user: { _eq: ME } }, validation: ownPresetOnly, fields: ['*'] },
    { collection: 'directus_presets', action: 'delete', permissions: { user: { _eq: ME } }, fields: ['*'] },
  ]);
}

/** The permissions 0009 changed or added (0002 holds them in their newest form, as for 0008). */
export const EDITOR_HISTORY_AND_PRESET_COLLECTIONS: readonly string[] = ['directus_revisions', 'directus_activity', 'directus_presets'];

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
  ...editorBasics(POLICY.cto, allSectionRevisions),
];

export const studentPermissions: PermissionSpec[] = [
  ...permissions(POLICY.student, [
    {
      collection: 'sections', action: 'create',
      presets: { owner: ME, status: 'planned' },
      validation: { _and: [studentStatuses, { owner: { _eq: ME } }] },
      // Until 0014: every field. The code is given by the hook; the system's fields are the hook's.
      fields: [...STUDENT_CREATE_FIELDS, ...HOOK_WRITTEN_SECTION_FIELDS],
    },
    { collection: 'sections', action: 'read', fields: ['*'] },
    {
      collection: 'sections', action: 'update',
      permissions: ownSection,
      validation: studentStatuses,
      // The text and the status. Reassigning is the CTO's call, and so are the structure (parent,
      // code, subsections) and the due date (until 0014 those were listed here).
      fields: [...STUDENT_UPDATE_FIELDS, ...HOOK_WRITTEN_SECTION_FIELDS],
    },
    // Proposed changes to published sections live in content versions until the CTO promotes them.
    { collection: 'directus_versions', action: 'create', validation: sectionsOnly, fields: ['*'] },
    // Own versions only: Directus's POST /versions/:id/save writes into any version the caller can
    // read (it skips update permissions), so reading another student's proposal would let one write into it.
    { collection: 'directus_versions', action: 'read', permissions: { _and: [sectionsOnly, { user_created: { _eq: ME } }] }, fields: ['*'] },
    { collection: 'directus_versions', action: 'update', permissions: { _and: [sectionsOnly, { user_created: { _eq: ME } }] }, fields: ['name', 'delta'] },
  ]),
  ...editorBasics(POLICY.student, mainOrOwnVersionRevisions),
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
