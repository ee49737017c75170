import { createError } from '@directus/errors';
import type { Refusal } from '../../../../core/editorial-rules.js';

// One Directus error class per HTTP status, so the API answers with the right code and the admin
// app shows `message` (Russian, written for editors) as it is.
const SectionForbidden = createError<{ reason: string }>('SECTION_FORBIDDEN', (ext) => ext.reason, 403);
const SectionInvalid = createError<{ reason: string }>('SECTION_INVALID', (ext) => ext.reason, 400);
const SectionConflict = createError<{ reason: string }>('SECTION_CONFLICT', (ext) => ext.reason, 409);
const SectionChangeInReview = createError<{ reason: string; version: string }>('SECTION_CHANGE_IN_REVIEW', (ext) => ext.reason, 409);

export function refusalError(refusal: Refusal): Error {
  const Type = refusal.status === 403 ? SectionForbidden : refusal.status === 409 ? SectionConflict : SectionInvalid;
  return new Type({ reason: refusal.message });
}

export function invalid(message: string): Error {
  return new SectionInvalid({ reason: message });
}

export function conflict(message: string): Error {
  return new SectionConflict({ reason: message });
}

export function changeInReview(message: string, version: string): Error {
  return new SectionChangeInReview({ reason: message, version });
}
