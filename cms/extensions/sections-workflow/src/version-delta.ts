import type { Accountability } from '@directus/types';
import { STUDENT_UPDATE_FIELDS, studentFieldReason } from '../../../../core/section-fields.js';
import { actorFrom } from './actor.js';
import { refusalError } from './errors.js';

/**
 * A student's version of a section holds only what the student may change in the section itself.
 * Directus marks a saved delta's entries with `_user` and `_date`; they are its, not fields.
 */
export function checkVersionDelta(accountability: Accountability | null, delta: unknown): void {
  if (delta === null || typeof delta !== 'object') return;
  // VersionsService.save runs as the admin on the caller's behalf: the person is the role behind it.
  const person = accountability ? actorFrom({ ...accountability, admin: false }) : actorFrom(null);
  if (person.kind !== 'student') return;
  const field = Object.keys(delta).find((f) => !f.startsWith('_') && f !== 'id' && !(STUDENT_UPDATE_FIELDS as readonly string[]).includes(f));
  if (field) throw refusalError({ status: 403, reason: 'forbidden', message: studentFieldReason(field) });
}
