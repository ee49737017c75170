import { mkdir, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { KbError } from '../core/errors.js';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The built site lives in releases: `<root>/builds/<id>/` holds one complete build and
 * `<root>/live` is a symlink to the one being served. A new build is written beside the live one
 * and switched in with rename(2), which replaces the link atomically: a reader gets the old site
 * or the new one, never a mix or a half-written folder. The link is relative, so the same volume
 * works at another mount point (the web server's container).
 *
 * Only complete builds are releases: `prepare` marks a build `builds/<id>.incomplete` before its
 * folder exists and `activate` removes the mark, so a build a crash interrupted never becomes a
 * rollback copy — `prune` and `sweep` (at every start) remove it, with any staging leftovers.
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
  /** Keeps the live build and the `keep` newest complete others (for a quick manual rollback). */
  prune(keep?: number): Promise<string[]>;
  /** Removes what an interrupted build left (run at start, when no build is running). */
  sweep(): Promise<string[]>;
  /** Complete builds, oldest first. */
  complete(): Promise<string[]>;
}

const LIVE = 'live';
const BUILDS = 'builds';
const INCOMPLETE = '.incomplete';

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
      await mkdir(buildsDir, { recursive: true });
      // The mark comes first: whatever a crash leaves after this line is known to be incomplete.
      await writeFile(join(buildsDir, `${id}${INCOMPLETE}`), `${process.pid}\n`);
      await mkdir(dir, { recursive: true });
      return { id, dir };
    },
    async activate(id) {
      const temporary = join(root, `.${LIVE}-${randomBytes(4).toString('hex')}`);
      await symlink(join(BUILDS, id), temporary);
      await rename(temporary, liveLink);
      await rm(join(buildsDir, `${id}${INCOMPLETE}`), { force: true });
    },
    live,
    async discard(id) {
      if ((await live()) === id) throw new KbError('conflict', `Build ${id} is the live site and is not removed`);
      await rm(join(buildsDir, id), { recursive: true, force: true });
      await rm(join(buildsDir, `${id}${INCOMPLETE}`), { force: true });
    },
    async complete() {
      const { complete } = await listBuilds();
      return complete;
    },
    async prune(keep = 2) {
      const current = await live();
      const { complete, incomplete } = await listBuilds();
      const removed = [...complete.filter((id) => id !== current).reverse().slice(keep), ...incomplete.filter((id) => id !== current)];
      for (const id of removed) await remove(id);
      return removed;
    },
    async sweep() {
      const current = await live();
      const { incomplete, staging } = await listBuilds();
      const removed = incomplete.filter((id) => id !== current);
      for (const id of removed) await remove(id);
      for (const name of staging) await rm(join(buildsDir, name), { recursive: true, force: true });
      for (const name of await readdir(root).catch(() => [] as string[])) {
        // A new `live` link made but never renamed into place.
        if (name.startsWith(`.${LIVE}-`)) await rm(join(root, name), { force: true });
      }
      return removed;
    },
  };

  async function remove(id: string): Promise<void> {
    await rm(join(buildsDir, id), { recursive: true, force: true });
    await rm(join(buildsDir, `${id}${INCOMPLETE}`), { force: true });
  }

  /** Builds by state; dot-names are a build's own staging areas (the renderer's side folders). */
  async function listBuilds(): Promise<{ complete: string[]; incomplete: string[]; staging: string[] }> {
    const names = await readdir(buildsDir).catch(() => [] as string[]);
    const marked = new Set(names.filter((n) => n.endsWith(INCOMPLETE)).map((n) => n.slice(0, -INCOMPLETE.length)));
    const folders = names.filter((n) => !n.startsWith('.') && !n.endsWith(INCOMPLETE));
    return {
      complete: folders.filter((id) => !marked.has(id)).sort(),
      incomplete: [...new Set([...marked, ...folders.filter((id) => marked.has(id))])].sort(),
      staging: names.filter((n) => n.startsWith('.')),
    };
  }
}
