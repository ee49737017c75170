import { fileErrorReason, KbError } from '../../core/errors.js';

/**
 * A path given to the import that cannot be read at all: bad input, named as the user typed it.
 * `why` is the reason in words, or the error Node gave (its code says which reason).
 */
export function unreadableSource(label: string, why: unknown, thing = 'file'): KbError {
  return new KbError('bad-input', `Cannot read ${label}`, {
    why: typeof why === 'string' ? why : fileErrorReason(why, thing),
    hint: 'Check the path (relative paths start from the current folder).',
    ...(typeof why === 'string' ? {} : { cause: why }),
  });
}
