import type { Accountability } from '@directus/types';
import type { Actor } from '../../../../core/editorial-rules.js';
import { ROLE } from '../../../../core/fixed-ids.js';

/** Maps Directus's accountability to the rules' notion of who acts (roles have fixed ids). */
export function actorFrom(accountability: Accountability | null | undefined): Actor {
  if (!accountability) return { kind: 'system', userId: null };
  const userId = accountability.user ?? null;
  if (accountability.admin) return { kind: 'admin', userId };
  const roles = new Set([accountability.role, ...(accountability.roles ?? [])]);
  if (roles.has(ROLE.cto)) return { kind: 'cto', userId };
  if (roles.has(ROLE.student)) return { kind: 'student', userId };
  // A request with no token at all: Directus's public access, which the project grants nothing.
  if (userId === null && accountability.role == null) return { kind: 'anonymous', userId };
  return { kind: 'reader', userId };
}
