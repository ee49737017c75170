import { ensurePermission } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { studentPermissions } from './0002-roles-and-permissions.js';

/**
 * The structure is the CTO's (DESIGN.md, "Roles and rules"): students wrote a section's parent,
 * code and due date and, on create, its previous codes, which let a new section take over an old
 * code's redirect. Brings existing databases to what 0002 now states: students create a section
 * with its place, text and status (the hook gives the code) and change only the text and the
 * status of their own; the admin app shows the other fields read-only to them.
 */
export const migration: Migration = {
  id: '0014-students-write-text-not-structure',
  title: 'Students: text and status of their sections, not the parent, code, due date or previous codes',
  async up(ctx) {
    const sections = studentPermissions.filter((spec) => spec.collection === 'sections' && (spec.action === 'create' || spec.action === 'update'));
    for (const spec of sections) await ensurePermission(ctx, spec);
  },
};
