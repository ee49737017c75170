import { ensurePermission } from './lib/ensure.js';
import type { Migration } from './lib/migration.js';
import { ctoPermissions, EDITOR_HISTORY_AND_PRESET_COLLECTIONS, studentPermissions } from './0002-roles-and-permissions.js';

/**
 * Editors read only what is theirs of the system's records. Until now they read every revision of
 * sections (so a student read another student's pending edit, which versions refuse them), everyone's
 * IP address and user agent in the activity, and could store a bookmark without a user, which became
 * global and showed in every editor's app. Brings existing databases to the rules that
 * migration 0002 now states: students read the history of the main text and of their own versions
 * (the CTO all of it), no editor reads another's `ip` or `user_agent`, and editors create, change and
 * delete only their own presets.
 */
export const migration: Migration = {
  id: '0009-editors-own-history-and-bookmarks',
  title: 'Editors: own versions’ revisions, no one else’s IP or user agent, own bookmarks only',
  async up(ctx) {
    const changed = [...ctoPermissions, ...studentPermissions].filter((spec) => EDITOR_HISTORY_AND_PRESET_COLLECTIONS.includes(spec.collection));
    for (const spec of changed) await ensurePermission(ctx, spec);
  },
};
