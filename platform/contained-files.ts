import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Reading and writing files whose paths come from users (a docs tree, a seed file, a backup, the
 * export's folder) without ever leaving the place they were given: a symbolic link that leads
 * out of it, or into a part of it that is never read (`.git`, dotfiles), is refused, and every
 * file is read with a size cap. The check that counts is made on the opened file itself (what
 * `/proc/self/fd` says it is), so a link swapped between the check and the read is caught too.
 */

export type ContainedReadRefusal =
  /** The path, after every link, is not inside the root. */
  | { kind: 'outside'; link: string | null }
  /** Inside the root, but in a part never read: a dot-folder or dotfile (`.git/config`, `.env`). */
  | { kind: 'hidden'; link: string | null; inside: string }
  | { kind: 'too-large'; bytes: number; maxBytes: number }
  | { kind: 'not-a-file' }
  | { kind: 'missing' }
  /** Links that lead to each other without end. */
  | { kind: 'loop' };

export type ContainedRead = { ok: true; bytes: Buffer } | { ok: false; refusal: ContainedReadRefusal };

/** Is `candidate` (a real path) the root itself or inside it? */
export function isInside(rootReal: string, candidate: string): boolean {
  const rel = relative(rootReal, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The first part of a path inside the root that is never read — a name starting with a dot, or
 * one of `neverRead` (a tree's `node_modules`) — or null.
 */
export function hiddenPart(rootReal: string, candidate: string, allowed: readonly string[] = [], neverRead: ReadonlySet<string> = new Set()): string | null {
  const rel = relative(rootReal, candidate);
  if (rel === '' || allowed.includes(rel.split(sep).join('/'))) return null;
  const part = rel.split(sep).find((name) => name.startsWith('.') || neverRead.has(name));
  return part ?? null;
}

/** What the link at `path` says, when `path` itself is a link (for messages). */
async function linkText(path: string): Promise<string | null> {
  try {
    const info = await lstat(path);
    return info.isSymbolicLink() ? await readlink(path) : null;
  } catch {
    return null;
  }
}

/** Where an open file really is, as the kernel sees it (Linux); null where that cannot be asked. */
async function openedPath(fd: number): Promise<string | null> {
  try {
    return await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

export interface ContainedReadOptions {
  /** Files above this size are refused before they are read. */
  maxBytes: number;
  /** Root-relative, `/`-separated dot-names that may be read all the same (a tree's `.doc-root.yaml`). */
  allowHidden?: readonly string[];
  /** Names besides dot-names that are never read (a tree's tooling folders). */
  neverRead?: ReadonlySet<string>;
}

/**
 * Reads `relativePath` under `rootReal` (a real path, see `realpath`). After every symbolic link
 * on the way is followed, the file must still lie inside the root and outside its hidden parts;
 * a path that is not a link at all is never hidden when the caller walks only visible names.
 */
export async function readContainedFile(rootReal: string, relativePath: string, { maxBytes, allowHidden = [], neverRead = new Set() }: ContainedReadOptions): Promise<ContainedRead> {
  const logical = join(rootReal, relativePath);
  let target: string;
  try {
    target = await realpath(logical);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, refusal: code === 'ELOOP' ? { kind: 'loop' } : { kind: 'missing' } };
  }
  const refusal = await placeRefusal(rootReal, logical, target, allowHidden, neverRead);
  if (refusal) return { ok: false, refusal };

  let handle;
  try {
    // O_NOFOLLOW: the real path has no link left, so one appearing now is a swap; O_NONBLOCK: a
    // FIFO named like an article must not hang the import.
    handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, refusal: code === 'ELOOP' ? { kind: 'outside', link: await linkText(logical) } : { kind: 'missing' } };
  }
  try {
    const late = await placeRefusal(rootReal, logical, (await openedPath(handle.fd)) ?? target, allowHidden, neverRead);
    if (late) return { ok: false, refusal: late };
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, refusal: { kind: 'not-a-file' } };
    if (info.size > maxBytes) return { ok: false, refusal: { kind: 'too-large', bytes: info.size, maxBytes } };
    // One byte more than allowed is asked for: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(Math.min(maxBytes, info.size) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { ok: false, refusal: { kind: 'too-large', bytes: filled, maxBytes } };
    return { ok: true, bytes: buffer.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}

async function placeRefusal(rootReal: string, logical: string, target: string, allowHidden: readonly string[], neverRead: ReadonlySet<string>): Promise<ContainedReadRefusal | null> {
  if (!isInside(rootReal, target)) return { kind: 'outside', link: await linkText(logical) };
  const hidden = hiddenPart(rootReal, target, allowHidden, neverRead);
  if (hidden !== null) return { kind: 'hidden', link: await linkText(logical), inside: hidden };
  return null;
}

/**
 * Where a file named on the command line is read from: the real path of its folder (the root it
 * must stay inside) and its name there. The folder is the user's choice; links beyond it are not.
 */
export async function namedFileRoot(path: string): Promise<{ rootReal: string; name: string }> {
  return { rootReal: await realpath(dirname(path)), name: basename(path) };
}

/**
 * Writes a file by writing a new one beside it and renaming it into place: a symbolic link at
 * `path` is replaced, never written through, and the file gets `mode` even when one existed.
 */
export async function replaceFile(path: string, content: string | Uint8Array, { mode = 0o644 }: { mode?: number } = {}): Promise<void> {
  const temporary = join(dirname(path), `${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  // 'wx': the temporary name is never an existing file or link.
  await writeFile(temporary, content, { flag: 'wx', mode });
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
