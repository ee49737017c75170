import { createError } from '@directus/errors';
import type { Refusal } from '../../../../core/editorial-rules.js';

// Directus's own error codes, which the admin app has titles for (a custom code would show up as
// a raw translation key); `rule` in the extensions tells API clients which rule refused.
interface RuleExtensions {
  reason: string;
  rule: 'section-forbidden' | 'section-invalid' | 'section-conflict' | 'section-change-in-review';
  version?: string;
}
const SectionForbidden = createError<RuleExtensions>('FORBIDDEN', (ext) => ext.reason, 403);
const SectionInvalid = createError<RuleExtensions>('INVALID_PAYLOAD', (ext) => ext.reason, 400);
const SectionConflict = createError<RuleExtensions>('INVALID_PAYLOAD', (ext) => ext.reason, 409);
// 409: the section is in a state (published) where a direct change cannot apply; it was kept aside.
const SectionChangeInReview = createError<RuleExtensions>('FORBIDDEN', (ext) => ext.reason, 409);

export function refusalError(refusal: Refusal): Error {
  if (refusal.status === 403) return new SectionForbidden({ reason: refusal.message, rule: 'section-forbidden' });
  if (refusal.status === 409) return new SectionConflict({ reason: refusal.message, rule: 'section-conflict' });
  return new SectionInvalid({ reason: refusal.message, rule: 'section-invalid' });
}

export function invalid(message: string): Error {
  return new SectionInvalid({ reason: message, rule: 'section-invalid' });
}

export function conflict(message: string): Error {
  return new SectionConflict({ reason: message, rule: 'section-conflict' });
}

export function changeInReview(message: string, version: string): Error {
  return new SectionChangeInReview({ reason: message, rule: 'section-change-in-review', version });
}
