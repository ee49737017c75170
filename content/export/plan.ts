import { z } from 'zod';
import { KbError } from '../../core/errors.js';
import type { MirrorFile } from '../../core/docs-tree-export.js';

/**
 * The export owns exactly the files it wrote, listed in one dotfile at the folder's root. It
 * rewrites and deletes only those: a catalog's scripts, configs, its root README and its own
 * `.doc-root.yaml` are someone else's, whatever folder they sit in. This module is the pure part:
 * from what is in the folder and what the knowledge base renders, what to write, delete and keep.
 */
export const MANIFEST_PATH = '.kb-export.json';

export const manifestSchema = z.object({
  format: z.literal(1),
  /** Paths the export wrote, relative and `/`-separated, sorted. */
  files: z.array(z.string()),
});
export type ExportManifest = z.output<typeof manifestSchema>;

// A repository's own files at the root (.gitignore, .gitattributes, a CI file) are never the export's.
const REPOSITORY_FILE = /^\.(?!doc-root\.yaml$)[^/]+$/;

export function isRepositoryFile(path: string): boolean {
  return REPOSITORY_FILE.test(path);
}

export interface ExportFolder {
  /** Plain files (never links) → their text, for every file a rendered path or the manifest names. */
  texts: ReadonlyMap<string, string>;
  /** Every plain file of the folder but git's own. */
  files: readonly string[];
  /** Symbolic links, never followed. */
  links: readonly string[];
  /** The manifest, or null when the folder has none. */
  manifest: ExportManifest | null;
  /**
   * An export written before manifests existed (its `.doc-root.yaml` is the export's own): the
   * files it wrote, recognised by the `id` and `code` it puts in every section's front matter.
   */
  earlierExport: readonly string[] | null;
  /**
   * The section id in the front matter of files at rendered paths: a section file someone moved in
   * the mirror and imported is that section's file, which the export keeps up to date.
   */
  sectionIds: ReadonlyMap<string, string>;
}

export interface ExportPlanOptions {
  /** How the folder is named in messages. */
  label: string;
  /** Write into a catalog the export did not make (the team's Gramax repository). */
  intoCatalog: boolean;
}

export type FileChange =
  | { kind: 'added'; path: string; content: string; sectionId?: string }
  | { kind: 'changed'; path: string; content: string; sectionId?: string }
  | { kind: 'deleted'; path: string };

export interface ExportPlan {
  changes: FileChange[];
  /** Links on the way of a file the export owns: removed (never followed) before any write. */
  unlinks: string[];
  unchanged: number;
  /** The manifest to write when anything changed, or when the folder had none. */
  manifest: ExportManifest;
  writeManifest: boolean;
}

function under(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** Which files of the folder are the export's own, or why the folder is not one to write into. */
function ownedFiles(folder: ExportFolder, options: ExportPlanOptions): Set<string> {
  if (folder.manifest) return new Set(folder.manifest.files);
  if (folder.earlierExport) return new Set(folder.earlierExport);
  const foreign = [...folder.files, ...folder.links].filter((path) => !isRepositoryFile(path));
  if (foreign.length === 0 || options.intoCatalog) return new Set();
  if (foreign.includes('.doc-root.yaml')) {
    throw new KbError('conflict', `${options.label} is a catalog that this knowledge base did not export (it has no ${MANIFEST_PATH})`, {
      why: 'the export would write its own layout among files it does not know',
      hint: `To write into it anyway, add --into-catalog: the export then adds and changes only its own files, never deletes or rewrites one it did not write, and keeps the catalog's .doc-root.yaml. Otherwise choose an empty folder.`,
    });
  }
  throw new KbError('conflict', `${options.label} is not empty and is not an export (there is no .doc-root.yaml)`, {
    why: 'the export writes only into an empty folder, an earlier export, or a catalog given with --into-catalog',
    hint: 'Choose another folder.',
  });
}

/**
 * What an export does to its folder. Nothing is written when a file the export needs to write is
 * someone else's (it refuses, listing them); the folder's `.doc-root.yaml` is written only when
 * there is none, so the keys a catalog keeps there stay as they are.
 */
export function planExport(rendered: readonly MirrorFile[], folder: ExportFolder, options: ExportPlanOptions): ExportPlan {
  const owned = ownedFiles(folder, options);
  const wanted = rendered.filter((file) => file.path !== '.doc-root.yaml' || !folder.texts.has('.doc-root.yaml'));
  const wantedPaths = new Set(rendered.map((file) => file.path));
  const conflicts: string[] = [];
  const changes: FileChange[] = [];
  const unlinks = new Set<string>();
  let unchanged = rendered.length - wanted.length;

  for (const file of wanted) {
    const link = folder.links.find((path) => under(file.path, path));
    if (link !== undefined) {
      // Only a link where the export's own file or folder was may go: it replaced what the export wrote.
      if ([...owned].some((path) => under(path, link))) unlinks.add(link);
      else conflicts.push(`${link}: a symbolic link the export did not make, on the way to ${file.path}`);
      changes.push({ kind: 'added', path: file.path, content: file.content, ...(file.sectionId ? { sectionId: file.sectionId } : {}) });
      continue;
    }
    const current = folder.texts.get(file.path);
    if (current === file.content) unchanged += 1;
    else if (current === undefined) changes.push({ kind: 'added', path: file.path, content: file.content, ...(file.sectionId ? { sectionId: file.sectionId } : {}) });
    else if (owned.has(file.path) || (file.sectionId !== undefined && folder.sectionIds.get(file.path) === file.sectionId)) changes.push({ kind: 'changed', path: file.path, content: file.content, ...(file.sectionId ? { sectionId: file.sectionId } : {}) });
    else conflicts.push(`${file.path}: a file the export did not write, and it would change it`);
  }
  if (conflicts.length > 0) {
    throw new KbError('conflict', `The export into ${options.label} would overwrite ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} it did not write; nothing was written`, {
      issues: conflicts,
      hint: 'Move those files away, or export into an empty folder.',
    });
  }
  const present = new Set(folder.files);
  for (const path of [...owned].sort()) {
    if (wantedPaths.has(path) || path === MANIFEST_PATH) continue;
    const link = folder.links.find((candidate) => under(path, candidate));
    if (link !== undefined) unlinks.add(link);
    else if (present.has(path)) changes.push({ kind: 'deleted', path });
  }
  const manifest: ExportManifest = { format: 1, files: [...wantedPaths].filter((path) => path !== '.doc-root.yaml' || owned.has(path) || !folder.texts.has(path)).sort() };
  const same = folder.manifest !== null && JSON.stringify(folder.manifest.files) === JSON.stringify(manifest.files);
  return { changes, unlinks: [...unlinks].sort(), unchanged, manifest, writeManifest: !same };
}

export function renderManifest(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Renames: a section's file deleted at one path and added at another in the same export. */
export function pairRenames(changes: readonly FileChange[], sectionOfDeleted: ReadonlyMap<string, string>): Map<string, string> {
  const addedBySection = new Map<string, string>();
  for (const change of changes) if (change.kind === 'added' && change.sectionId) addedBySection.set(change.sectionId, change.path);
  const renames = new Map<string, string>();
  for (const change of changes) {
    if (change.kind !== 'deleted') continue;
    const section = sectionOfDeleted.get(change.path);
    const to = section ? addedBySection.get(section) : undefined;
    if (to) renames.set(change.path, to);
  }
  return renames;
}
