import { KbError } from '../../core/errors.js';
import { createHash } from 'node:crypto';
import { link, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';

/**
 * Writes one complete release folder, file by file, reusing the previous release where a file's
 * bytes did not change: such a file is hard-linked from the previous release (one metadata
 * operation, no data written), every other one is written. Releases are never modified after
 * they are written, so sharing inodes between them is safe.
 */

/** What a finished release holds: its folder and the digest of every file in it. */
export interface ReleaseManifest {
  dir: string;
  digests: ReadonlyMap<string, string>;
}

export interface ReleaseWriteResult {
  manifest: ReleaseManifest;
  written: number;
  linked: number;
}

export interface ReleaseWriter {
  /** Queues a file (path relative to the release); waits only when many writes are already queued. */
  add(file: string, bytes: Uint8Array | string): Promise<void>;
  /** Waits for every queued file; rejects with the first failure. */
  finish(): Promise<ReleaseWriteResult>;
}

/** Hard links only pay off when the data is the same: the decision, kept pure for tests. */
export function reuseFrom(previous: ReleaseManifest | null, file: string, digest: string): string | null {
  if (!previous || previous.digests.get(file) !== digest) return null;
  return join(previous.dir, file);
}

export function digestOf(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('base64url');
}

const QUEUE_LIMIT = 128;

export function createReleaseWriter(dir: string, previous: ReleaseManifest | null, { concurrency = 16 }: { concurrency?: number } = {}): ReleaseWriter {
  const limit = pLimit(concurrency);
  const digests = new Map<string, string>();
  const folders = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  let written = 0;
  let linked = 0;

  const folder = (path: string): Promise<unknown> => {
    let made = folders.get(path);
    if (!made) {
      made = mkdir(path, { recursive: true });
      folders.set(path, made);
    }
    return made;
  };

  const put = async (file: string, bytes: Uint8Array | string, digest: string): Promise<void> => {
    const target = join(dir, file);
    await folder(dirname(target));
    const source = reuseFrom(previous, file, digest);
    if (source) {
      try {
        await link(source, target);
        linked += 1;
        return;
      } catch {
        // The previous release is gone or on another device: write the bytes instead.
      }
    }
    // Never through an existing file: it could be a hard link shared with another release.
    await writeFile(target, bytes, { flag: 'wx' });
    written += 1;
  };

  return {
    async add(file, bytes) {
      if (digests.has(file)) throw new KbError('failed', `${file} was written twice into one release`);
      const digest = digestOf(bytes);
      digests.set(file, digest);
      const task: Promise<void> = limit(() => put(file, bytes, digest))
        .catch((error: unknown) => {
          failure ??= new KbError('failed', `Could not write ${join(dir, file)}`, { why: (error as Error).message, cause: error });
        })
        .finally(() => pending.delete(task));
      pending.add(task);
      if (pending.size >= QUEUE_LIMIT) await Promise.race(pending);
    },
    async finish() {
      while (pending.size > 0) await Promise.all(pending);
      if (failure) throw failure;
      return { manifest: { dir, digests }, written, linked };
    },
  };
}
