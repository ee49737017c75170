import { KbError } from '../core/errors.js';
import { mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The built site lives in releases: `<root>/builds/<id>/` holds one complete build and
 * `<root>/live` is a symlink to the one being served. A new build is written beside the live one
 * and switched in with rename(2), which replaces the link atomically: a reader gets the old site
 * or the new one, never a mix or a half-written folder. The link is relative, so the same volume
 * works at another mount point (the web server's container).
 */
export interface SiteReleases {
  readonly root: string;
  /** The folder the site is served from (follows the link on every use). */
  readonly liveDir: string;
  /** A fresh, empty folder for the next build. */
  prepare(now?: Date): Promise<{ id: string; dir: string }>;
  /** Makes a finished build the served one. */
  activate(id: string): Promise<void>;
  /** The id of the served build, or null before the first one. */
  live(): Promise<string | null>;
  /** Removes a build that failed or is no longer needed (never the live one). */
  discard(id: string): Promise<void>;
  /** Keeps the live build and the `keep` newest others (for a quick manual rollback). */
  prune(keep?: number): Promise<string[]>;
}

const LIVE = 'live';
const BUILDS = 'builds';

function releaseId(now: Date): string {
  // Sortable by time; the random tail keeps two builds in one millisecond apart.
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(3).toString('hex')}`;
}

export function siteReleases(root: string): SiteReleases {
  const buildsDir = join(root, BUILDS);
  const liveLink = join(root, LIVE);

  const live = async (): Promise<string | null> => {
    try {
      const target = await readlink(liveLink);
      return target.slice(target.lastIndexOf('/') + 1);
    } catch {
      return null;
    }
  };

  return {
    root,
    liveDir: liveLink,
    async prepare(now = new Date()) {
      const id = releaseId(now);
      const dir = join(buildsDir, id);
      await mkdir(dir, { recursive: true });
      return { id, dir };
    },
    async activate(id) {
      const temporary = join(root, `.${LIVE}-${randomBytes(4).toString('hex')}`);
      await symlink(join(BUILDS, id), temporary);
      await rename(temporary, liveLink);
    },
    live,
    async discard(id) {
      if ((await live()) === id) throw new KbError('conflict', `Build ${id} is the live site and is not removed`);
      await rm(join(buildsDir, id), { recursive: true, force: true });
    },
    async prune(keep = 2) {
      const current = await live();
      // Dot-folders are a build's own staging area, never a release.
      const ids = (await readdir(buildsDir).catch(() => [] as string[])).filter((id) => id !== current && !id.startsWith('.')).sort().reverse();
      const removed = ids.slice(keep);
      for (const id of removed) await rm(join(buildsDir, id), { recursive: true, force: true });
      return removed;
    },
  };
}
