import { mkdir, readdir, readFile, readlink, realpath, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { readUsers } from '@directus/sdk';
import { z } from 'zod';
import { MIRROR_DOC_ROOT, renderMirror, type MirrorFile } from '../../core/docs-tree-export.js';
import { parseFrontMatter } from '../../core/front-matter.js';
import { KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { personName, type SectionRecord } from '../../core/section-record.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { changedPaths, commitChanges, ensureRepository, type GitIdentity, type MirrorChange } from './git.js';
import { fetchAllSections } from '../../platform/fetch-sections.js';
import { replaceFile } from '../../platform/contained-files.js';
import { manifestSchema, MANIFEST_PATH, pairRenames, planExport, renderManifest, type ExportFolder, type ExportManifest, type FileChange } from './plan.js';

export interface ExportTreeOptions {
  client: CmsClient;
  /** The mirror folder: empty, missing, an earlier export, or a catalog (with intoCatalog). */
  dir: string;
  /** Commit the changes into the git repository at `dir` (made when missing). */
  git?: boolean;
  /** Write into a catalog this knowledge base did not export (only its own files are touched). */
  intoCatalog?: boolean;
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

async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, content);
}

/** Folders a deletion emptied, up to (not including) the export's folder; other empty folders stay. */
async function removeEmptiedFolders(dir: string, removed: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const path of removed) for (let folder = posix.dirname(path); folder !== '.'; folder = posix.dirname(folder)) folders.add(folder);
  // Deepest first, so a parent is looked at after its children went.
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const entries = await readdir(join(dir, folder)).catch(() => null);
    if (entries && entries.length === 0) await rmdir(join(dir, folder));
  }
}

async function readManifest(dir: string, files: readonly string[]): Promise<ExportManifest | null> {
  if (!files.includes(MANIFEST_PATH)) return null;
  const text = await readFile(join(dir, MANIFEST_PATH), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KbError('bad-input', `${MANIFEST_PATH} in ${dir} is not JSON`, { why: (error as Error).message, hint: `It lists the files the export wrote; restore it from git (git checkout ${MANIFEST_PATH}) or delete it and export with --into-catalog.`, cause: error });
  }
  return parseWith(manifestSchema, json, `${dir}/${MANIFEST_PATH}`);
}

/** Before manifests, an export was recognised by its own .doc-root.yaml: its files carry an id and a code. */
async function filesOfEarlierExport(dir: string, files: readonly string[], texts: ReadonlyMap<string, string>): Promise<string[] | null> {
  if (texts.get('.doc-root.yaml') !== MIRROR_DOC_ROOT) return null;
  const own = ['.doc-root.yaml'];
  for (const path of files) {
    if (!path.endsWith('.md')) continue;
    const parsed = parseFrontMatter(await readFile(join(dir, path), 'utf8'));
    if (parsed.ok && parsed.value.fields.has('id') && parsed.value.fields.has('code')) own.push(path);
  }
  return own;
}

async function readFolder(dir: string, rendered: readonly MirrorFile[]): Promise<ExportFolder> {
  const { files, links } = await listContents(dir);
  const manifest = await readManifest(dir, files);
  const present = new Set(files);
  const texts = new Map<string, string>();
  for (const path of new Set([...rendered.map((f) => f.path), '.doc-root.yaml'])) {
    if (present.has(path)) texts.set(path, await readFile(join(dir, path), 'utf8'));
  }
  const earlierExport = manifest ? null : await filesOfEarlierExport(dir, files, texts);
  const owned = new Set(manifest?.files ?? earlierExport ?? []);
  const sectionIds = new Map<string, string>();
  for (const [path, text] of texts) {
    if (owned.has(path) || !path.endsWith('.md')) continue;
    const id = idOf(text);
    if (id) sectionIds.set(path, id);
  }
  return { texts, files, links, manifest, earlierExport, sectionIds };
}

function idOf(text: string): string | null {
  const parsed = parseFrontMatter(text);
  const id = parsed.ok ? parsed.value.fields.get('id')?.value : null;
  return typeof id === 'string' ? id : null;
}

async function idInFile(path: string): Promise<string | null> {
  return idOf(await readFile(path, 'utf8').catch(() => ''));
}

function editorOf(section: SectionRecord, users: ReadonlyMap<string, User>): { author: GitIdentity | null; date: Date | null } {
  const userId = section.user_updated ?? section.user_created;
  const user = userId ? users.get(userId) : undefined;
  const when = section.date_updated ?? section.date_created;
  const date = when ? new Date(when) : null;
  if (!user) return { author: null, date };
  return { author: { name: personName(user, user.email ?? user.id), email: user.email ?? `${user.id}@users.invalid` }, date };
}

const CHANGE_WORD: Record<FileChange['kind'], string> = { added: 'added', changed: 'changed', deleted: 'deleted' };

/**
 * Writes the knowledge base into `dir` as a docs tree (see core/docs-tree-export.ts): only files
 * whose bytes change are written, files of deleted sections are removed with the folders that
 * leaves empty, and with `git` the changes are committed with each editor as the author of their
 * sections. The export touches only the files it wrote (MANIFEST_PATH lists them).
 */
export async function exportTree({ client, dir: requested, git = false, intoCatalog = false, log = () => {}, now = () => new Date(), committer }: ExportTreeOptions): Promise<ExportTreeResult> {
  const [sections, users] = await Promise.all([fetchAllSections({ client }), fetchUsers(client)]);
  const rendered = renderMirror(sections, users);
  for (const warning of rendered.warnings) log(`warning: ${warning}`);

  await mkdir(requested, { recursive: true });
  // The folder itself may be a link (a mounted volume); everything inside it is handled as it is.
  const dir = await realpath(requested);
  const folder = await readFolder(dir, rendered.files);
  const plan = planExport(rendered.files, folder, { label: requested, intoCatalog });
  const sectionOfDeleted = new Map<string, string>();
  for (const change of plan.changes) {
    if (change.kind !== 'deleted' || !change.path.endsWith('README.md')) continue;
    const id = await idInFile(join(dir, change.path));
    if (id) sectionOfDeleted.set(change.path, id);
  }
  const renames = pairRenames(plan.changes, sectionOfDeleted);

  if (git) await ensureRepository(dir);
  // The export writes plain files only: a link where its own file or folder was goes before any
  // write (writing through it would reach outside the folder), and what it pointed to stays.
  for (const path of plan.unlinks) {
    log(`warning: ${path} is a symbolic link (→ ${await readlink(join(dir, path)).catch(() => '?')}); the export writes plain files only and removed the link, not what it points to`);
    await unlink(join(dir, path));
  }
  for (const change of plan.changes) {
    if (change.kind === 'deleted') await rm(join(dir, change.path), { force: true });
    else await writeAtomically(join(dir, change.path), change.content);
  }
  await removeEmptiedFolders(dir, [...plan.changes.filter((c) => c.kind === 'deleted').map((c) => c.path), ...plan.unlinks]);
  if (plan.writeManifest) await writeAtomically(join(dir, MANIFEST_PATH), renderManifest(plan.manifest));

  const byId = new Map(sections.map((s) => [s.id, s]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const renamedTo = new Set(renames.values());
  const lines = new Map<string, string | null>();
  for (const change of plan.changes) {
    const to = renames.get(change.path);
    if (to !== undefined) lines.set(change.path, `renamed ${change.path} → ${to}`);
    else lines.set(change.path, renamedTo.has(change.path) ? null : `${CHANGE_WORD[change.kind]} ${change.path}`);
  }
  for (const line of lines.values()) if (line) log(`  ${line}`);

  let commits: string[] = [];
  if (git) {
    const sectionOf = new Map<string, string | undefined>(plan.changes.map((c) => [c.path, c.kind === 'deleted' ? sectionOfDeleted.get(c.path) : c.sectionId]));
    const changes: MirrorChange[] = (await changedPaths(dir)).map((path) => {
      const section = byId.get(sectionOf.get(path) ?? '');
      const deleted = plan.changes.some((c) => c.path === path && c.kind === 'deleted');
      const line = lines.has(path) ? (lines.get(path) ?? null) : `changed ${path}`;
      if (!section) return { path, author: null, date: null, label: path.replace(/\/README\.md$/, ''), deleted, line };
      return { path, ...editorOf(section, userById), label: `${section.code} ${section.title}`, deleted, line };
    });
    commits = await commitChanges({ dir, changes, now: now(), ...(committer ? { committer } : {}) });
  }
  const written = plan.changes.filter((c) => c.kind !== 'deleted').length;
  const deleted = plan.changes.length - written;
  log(
    `Exported ${sections.length} section${sections.length === 1 ? '' : 's'} to ${requested}: ${written} file${written === 1 ? '' : 's'} written, ${deleted} deleted, ${plan.unchanged} unchanged` +
      (git ? `; ${commits.length} commit${commits.length === 1 ? '' : 's'}` : ''),
  );
  return { sections: sections.length, written, deleted, unchanged: plan.unchanged, commits };
}
