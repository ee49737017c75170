import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DEFAULT_IMPORT_LIMITS } from '../../platform/import-limits.js';
import { hiddenPart, isInside, readContainedFile } from '../../platform/contained-files.js';
import { fileRefusalProblem, linkHiddenMessage, linkOutsideMessage } from './file-problems.js';
import { parseDocsTree, type ParsedTree, type TreeFile } from '../../core/docs-tree.js';
import type { SourceMessage } from '../../core/source-message.js';
import { normaliseText } from '../../core/front-matter.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

/** Tooling folders of a docs repository: not documentation, not worth a warning. */
const IGNORED_DIRS = new Set(['.git', '.gramax', '.github', '.vscode', '.idea', 'node_modules']);
const IGNORED_FILES = new Set(['.gitignore', '.gitattributes', '.DS_Store', 'Thumbs.db']);
const NEVER_READ: ReadonlySet<string> = new Set([...IGNORED_DIRS, ...IGNORED_FILES]);

interface Collected {
  files: TreeFile[];
  folders: string[];
  otherFiles: string[];
  docRoot: string | null;
  problems: SourceMessage[];
  warnings: SourceMessage[];
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export interface TreeReadOptions {
  /** Files above this many bytes are a problem, not read (IMPORT_MAX_FILE_SIZE). */
  maxFileBytes?: number;
}

/**
 * Reads a docs tree from disk: every markdown file decoded as UTF-8 (a file that is not is a
 * problem with its line), folders, and the files that are not markdown (reported and skipped).
 * Nothing outside the tree's real path is ever read: a symbolic link is followed only when it
 * stays inside the tree and out of its hidden parts (`.git`, dotfiles), and never back into a
 * folder above it; any other link is a problem. Files are read with a size cap.
 */
export async function readTreeFolder(root: string, label: string, { maxFileBytes = DEFAULT_IMPORT_LIMITS.maxFileBytes }: TreeReadOptions = {}): Promise<Collected> {
  const collected: Collected = { files: [], folders: [], otherFiles: [], docRoot: null, problems: [], warnings: [] };
  const named = (path: string) => (path === '' ? label : `${label}/${path}`);
  // Everything below is read from the real path: the root is the user's choice, links under it are not.
  const rootReal = await realpath(root);

  const report = ({ severity, message }: ReturnType<typeof fileRefusalProblem>) => (severity === 'problem' ? collected.problems : collected.warnings).push(message);

  async function read(path: string): Promise<string | null> {
    const result = await readContainedFile(rootReal, path, { maxBytes: maxFileBytes, allowHidden: ['.doc-root.yaml'], neverRead: NEVER_READ });
    if (!result.ok) {
      report(fileRefusalProblem(result.refusal, named(path)));
      return null;
    }
    const bytes = result.bytes;
    const invalid = firstInvalidUtf8(bytes);
    if (invalid !== -1) {
      collected.problems.push(notUtf8Problem(bytes, invalid, named(path)));
      return null;
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    if (text.includes('\u0000')) {
      const line = normaliseText(text).slice(0, normaliseText(text).indexOf('\u0000')).split('\n').length;
      collected.problems.push({ file: named(path), line, message: 'В файле нулевой байт: это не текстовый markdown — проверьте, тот ли это файл, или уберите его из дерева' });
      return null;
    }
    return text;
  }

  /** A folder link: followed when it stays in the visible tree and does not lead back up. */
  async function followFolder(childPath: string, target: string, ancestors: readonly string[]): Promise<boolean> {
    if (ancestors.includes(target)) {
      const loopTo = relative(rootReal, target);
      collected.problems.push({
        file: named(childPath),
        line: 0,
        message: `Цикл в дереве: символическая ссылка ведёт в папку «${loopTo === '' ? label : toPosix(loopTo)}», внутри которой сама лежит — дерево стало бы бесконечным. Удалите ссылку или замените её копией`,
      });
      return false;
    }
    const link = await readlink(join(rootReal, childPath)).catch(() => null);
    if (!isInside(rootReal, target)) {
      collected.problems.push({ file: named(childPath), line: 0, message: linkOutsideMessage('папку', link) });
      return false;
    }
    const hidden = hiddenPart(rootReal, target, [], NEVER_READ);
    if (hidden !== null) {
      collected.problems.push({ file: named(childPath), line: 0, message: linkHiddenMessage('папку', link, hidden) });
      return false;
    }
    return true;
  }

  async function walk(path: string, ancestors: readonly string[]): Promise<void> {
    const absolute = join(rootReal, path);
    const entries = (await readdir(absolute)).sort();
    for (const name of entries) {
      const childPath = path === '' ? name : `${path}/${name}`;
      const isDocRoot = path === '' && name === '.doc-root.yaml';
      // What is never documentation is passed by name, before anything about it is looked at.
      if (!isDocRoot && (name.startsWith('.') || IGNORED_DIRS.has(name) || IGNORED_FILES.has(name))) continue;
      const childAbsolute = join(absolute, name);
      let info = await lstat(childAbsolute);
      let real = childAbsolute;
      if (info.isSymbolicLink()) {
        try {
          real = await realpath(childAbsolute);
          info = await stat(childAbsolute);
        } catch (error) {
          report(fileRefusalProblem({ kind: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'missing' }, named(childPath)));
          continue;
        }
        if (info.isDirectory() && !(await followFolder(childPath, real, ancestors))) continue;
      }
      if (info.isDirectory()) {
        collected.folders.push(childPath);
        await walk(childPath, [...ancestors, real]);
        continue;
      }
      if (!info.isFile()) {
        report(fileRefusalProblem({ kind: 'not-a-file' }, named(childPath)));
        continue;
      }
      if (isDocRoot) {
        // An unreadable .doc-root.yaml is already a problem; '' keeps it from also being "missing".
        collected.docRoot = (await read(childPath)) ?? '';
        continue;
      }
      if (/\.md$/i.test(name)) {
        const text = await read(childPath);
        if (text !== null) collected.files.push({ path: childPath, text });
        continue;
      }
      // Not read, only named — but a link out of the tree is a problem wherever it is.
      if (real !== childAbsolute && !(await fileLinkStaysInside(childPath, real))) continue;
      collected.otherFiles.push(childPath);
      collected.warnings.push({ file: named(childPath), line: 0, message: 'Не markdown: файл пропущен (в базу знаний импортируются только статьи .md)' });
    }
  }

  async function fileLinkStaysInside(childPath: string, real: string): Promise<boolean> {
    const link = await readlink(join(rootReal, childPath)).catch(() => null);
    if (!isInside(rootReal, real)) collected.problems.push({ file: named(childPath), line: 1, message: linkOutsideMessage('файл', link) });
    else {
      const hidden = hiddenPart(rootReal, real, [], NEVER_READ);
      if (hidden === null) return true;
      collected.problems.push({ file: named(childPath), line: 1, message: linkHiddenMessage('файл', link, hidden) });
    }
    return false;
  }

  await walk('', [rootReal]);
  return collected;
}

/** Reads and parses a folder; problems of reading and of parsing come back together. */
export async function loadDocsTree(root: string, label: string, options: TreeReadOptions = {}): Promise<ParsedTree> {
  const collected = await readTreeFolder(root, label, options);
  const parsed = parseDocsTree({ files: collected.files, folders: collected.folders, otherFiles: collected.otherFiles, docRoot: collected.docRoot, label });
  return {
    sections: parsed.sections,
    problems: [...collected.problems, ...parsed.problems],
    warnings: [...collected.warnings, ...parsed.warnings],
  };
}
