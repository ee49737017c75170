import { mkdir, readdir, readFile, readlink, realpath, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readUsers } from '@directus/sdk';
import { z } from 'zod';
import { renderMirror, type MirrorFile } from '../../core/docs-tree-export.js';
import { parseFrontMatter } from '../../core/front-matter.js';
import { KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { personName, type SectionRecord } from '../../core/section-record.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { changedPaths, commitChanges, ensureRepository, type GitIdentity, type MirrorChange } from './git.js';
import { fetchAllSections } from '../../platform/fetch-sections.js';
import { replaceFile } from '../../platform/contained-files.js';

export interface ExportTreeOptions {
  client: CmsClient;
  /** The mirror folder: empty, missing, or an earlier export (it has a `.doc-root.yaml`). */
  dir: string;
  /** Commit the changes into the git repository at `dir` (made when missing). */
  git?: boolean;
  log?: (line: string) => void;
  /** The clock for commit times; the export's bytes never depend on it. */
  now?: () => Date;
  committer?: GitIdentity;
}

export interface ExportTreeResult {
  sections: number;
  written: number;
  deleted: number;
  unchanged: number;
  /** Ids of the commits made, oldest first; empty without --git or when nothing changed. */
  commits: string[];
}

const userSchema = z.object({
  id: z.string(),
  email: z.string().nullable().default(null),
  first_name: z.string().nullable().default(null),
  last_name: z.string().nullable().default(null),
});
type User = z.output<typeof userSchema>;

async function fetchUsers(client: CmsClient): Promise<User[]> {
  const rows = await cmsRequest(
    'read the users',
    () => client.request(readUsers({ fields: ['id', 'email', 'first_name', 'last_name'], limit: -1 })),
    'Owners are exported as e-mails, which only an admin token may read.',
  );
  return parseWith(z.array(userSchema), rows, 'the users Directus returned');
}

interface FolderContents {
  /** Every plain file under the folder except git's own, relative and `/`-separated. */
  files: string[];
  /** Symbolic links (to files or folders), never followed. */
  links: string[];
}

/** What is in the export folder, read without following a single link. */
async function listContents(dir: string, prefix = ''): Promise<FolderContents> {
  const found: FolderContents = { files: [], links: [] };
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries) {
    if (prefix === '' && entry.name === '.git') continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isSymbolicLink()) found.links.push(path);
    else if (entry.isDirectory()) {
      const inner = await listContents(dir, path);
      found.files.push(...inner.files);
      found.links.push(...inner.links);
    } else found.files.push(path);
  }
  return found;
}

// A repository's own files at the root (.gitignore, .gitattributes, a CI file) are left alone.
const KEPT_AT_ROOT = /^\.(?!doc-root\.yaml$)[^/]+$/;

async function checkTarget(dir: string, existing: readonly string[]): Promise<void> {
  const ours = existing.filter((p) => !KEPT_AT_ROOT.test(p));
  if (ours.length === 0 || existing.includes('.doc-root.yaml')) return;
  throw new KbError('conflict', `${dir} is not empty and is not an export (there is no .doc-root.yaml)`, {
    why: 'the export replaces what is in its folder, so it only writes into an empty folder or an earlier export',
    hint: 'Choose another folder.',
  });
}

async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, content);
}

async function removeEmptyFolders(dir: string, prefix = ''): Promise<void> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || (prefix === '' && entry.name === '.git')) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    await removeEmptyFolders(dir, path);
    if ((await readdir(join(dir, path))).length === 0) await rmdir(join(dir, path));
  }
}

async function idInFile(path: string): Promise<string | null> {
  try {
    const parsed = parseFrontMatter(await readFile(path, 'utf8'));
    const id = parsed.ok ? parsed.value.fields.get('id')?.value : null;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

function editorOf(section: SectionRecord, users: ReadonlyMap<string, User>): { author: GitIdentity | null; date: Date | null } {
  const userId = section.user_updated ?? section.user_created;
  const user = userId ? users.get(userId) : undefined;
  const when = section.date_updated ?? section.date_created;
  const date = when ? new Date(when) : null;
  if (!user) return { author: null, date };
  return { author: { name: personName(user, user.email ?? user.id), email: user.email ?? `${user.id}@users.invalid` }, date };
}

/**
 * Writes the knowledge base into `dir` as a docs tree (see core/docs-tree-export.ts): only files
 * whose bytes change are written, files of deleted sections are removed with their folders, and
 * with `git` the changes are committed with each editor as the author of their sections.
 */
export async function exportTree({ client, dir: requested, git = false, log = () => {}, now = () => new Date(), committer }: ExportTreeOptions): Promise<ExportTreeResult> {
  const [sections, users] = await Promise.all([fetchAllSections({ client }), fetchUsers(client)]);
  const rendered = renderMirror(sections, users);
  for (const warning of rendered.warnings) log(`warning: ${warning}`);

  await mkdir(requested, { recursive: true });
  // The folder itself may be a link (a mounted volume); everything inside it is handled as it is.
  const dir = await realpath(requested);
  const contents = await listContents(dir);
  await checkTarget(requested, [...contents.files, ...contents.links]);
  if (git) await ensureRepository(dir);
  // The export writes plain files only. A symbolic link in its folder is not its own, and writing
  // or deleting through one would reach outside the folder: the link itself goes, before any
  // write, and what it pointed to is left alone.
  const links = contents.links.filter((path) => !KEPT_AT_ROOT.test(path));
  for (const path of links) {
    log(`warning: ${path} is a symbolic link (→ ${await readlink(join(dir, path)).catch(() => '?')}); the export writes plain files only and removed the link, not what it points to`);
    await unlink(join(dir, path));
  }
  const existing = [...contents.files, ...links];

  const wanted = new Map<string, MirrorFile>(rendered.files.map((f) => [f.path, f]));
  const byId = new Map(sections.map((s) => [s.id, s]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const attribution = new Map<string, Omit<MirrorChange, 'path'>>();
  const attribute = (path: string, sectionId: string | null | undefined, deleted: boolean) => {
    const section = sectionId ? byId.get(sectionId) : undefined;
    if (!section) {
      attribution.set(path, { author: null, date: null, label: path.replace(/\/README\.md$/, ''), deleted });
      return;
    }
    attribution.set(path, { ...editorOf(section, userById), label: `${section.code} ${section.title}`, deleted });
  };

  let written = 0;
  let unchanged = 0;
  for (const file of rendered.files) {
    const target = join(dir, file.path);
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === file.content) {
      unchanged += 1;
      continue;
    }
    await writeAtomically(target, file.content);
    written += 1;
    attribute(file.path, file.sectionId, false);
  }
  let deleted = 0;
  for (const path of existing) {
    if (KEPT_AT_ROOT.test(path) || (wanted.has(path) && !links.includes(path))) continue;
    if (links.includes(path)) {
      // Removed above; written again as a plain file when the export has one there.
      if (!attribution.has(path)) attribute(path, null, true);
      if (!wanted.has(path)) deleted += 1;
      continue;
    }
    // A section whose folder moved (new slug or code) is its editor's change, not a deletion.
    attribute(path, path.endsWith('README.md') ? await idInFile(join(dir, path)) : null, true);
    await rm(join(dir, path), { force: true });
    deleted += 1;
  }
  await removeEmptyFolders(dir);

  let commits: string[] = [];
  if (git) {
    const paths = await changedPaths(dir);
    const changes: MirrorChange[] = paths.map((path) => ({ path, ...(attribution.get(path) ?? { author: null, date: null, label: path, deleted: false }) }));
    commits = await commitChanges({ dir, changes, now: now(), ...(committer ? { committer } : {}) });
  }
  log(
    `Exported ${sections.length} section${sections.length === 1 ? '' : 's'} to ${requested}: ${written} file${written === 1 ? '' : 's'} written, ${deleted} deleted, ${unchanged} unchanged` +
      (git ? `; ${commits.length} commit${commits.length === 1 ? '' : 's'}` : ''),
  );
  return { sections: sections.length, written, deleted, unchanged, commits };
}
