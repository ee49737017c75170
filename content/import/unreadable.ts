import { fileErrorReason, KbError } from '../../core/errors.js';

/** A path given to the import that cannot be read at all: bad input, named as the user typed it. */
export function unreadableSource(label: string, error: unknown, thing = 'file'): KbError {
  return new KbError('bad-input', `Cannot read ${label}`, {
    why: fileErrorReason(error, thing),
    hint: 'Check the path (relative paths start from the current folder).',
    cause: error,
  });
}
