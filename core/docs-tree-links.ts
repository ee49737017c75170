import { posix } from 'node:path';

/**
 * The anchor GitHub and Gramax give a heading: lower case, punctuation dropped, spaces as
 * hyphens (`## 01\.01 - Цели` → `0101---цели`). Links between articles use these.
 */
export function headingAnchor(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export type LinkTarget =
  | { kind: 'external' }
  | { kind: 'anchor'; anchor: string }
  | { kind: 'outside'; path: string }
  | { kind: 'path'; path: string; anchor: string | null };

/**
 * Where a link written in `fromFile` (a path relative to the tree root) points: somewhere
 * else entirely, an anchor on the same page, or a path in the tree (normalised, no `./`).
 */
export function resolveTreeLink(fromFile: string, href: string): LinkTarget {
  if (href === '' || SCHEME.test(href) || href.startsWith('/')) return { kind: 'external' };
  const hash = href.indexOf('#');
  const rawPath = hash === -1 ? href : href.slice(0, hash);
  const anchor = hash === -1 ? null : href.slice(hash + 1);
  if (rawPath === '') return anchor === null ? { kind: 'external' } : { kind: 'anchor', anchor };
  let path: string;
  try {
    path = decodeURI(rawPath.split('?')[0] ?? '');
  } catch {
    path = rawPath;
  }
  const joined = posix.normalize(posix.join(posix.dirname(fromFile), path));
  if (joined === '..' || joined.startsWith('../')) return { kind: 'outside', path: joined };
  return { kind: 'path', path: joined.replace(/\/$/, '').replace(/^\.$/, ''), anchor: anchor === '' ? null : anchor };
}

/** The relative href from one file of the tree to another, as the export writes it. */
export function relativeHref(fromFile: string, toFile: string, anchor: string | null): string {
  let path = posix.relative(posix.dirname(fromFile), toFile);
  if (!path.startsWith('.')) path = `./${path}`;
  return `${path}${anchor !== null ? `#${anchor}` : ''}`;
}
