/**
 * A code the docs-tree parser gives an article that has no number (`configs/server1/README.md`,
 * `02-platform/notes.md`), until the import knows what is stored and can give it a real one
 * (content/import/give-codes.ts). It names the article's own path, so it is unique in a tree
 * and the same on every run; the place it goes (its parent) travels as the section's
 * `parentCode`, itself maybe provisional. A provisional code never reaches Directus.
 */

const MARK = '~';

/** `./configs/server1/README.md` → the article's provisional code. */
export function provisionalCode(path: string): string {
  return `${MARK}${path}`;
}

export function isProvisionalCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && code.startsWith(MARK);
}

/** The path a provisional code was made from. */
export function provisionalPath(code: string): string {
  return code.slice(MARK.length);
}

/** How a code is named in messages: a provisional one by its article, a real one as it is. */
export function codeLabel(code: string): string {
  return isProvisionalCode(code) ? `без номера (${provisionalPath(code)})` : code;
}
