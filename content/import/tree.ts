import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseDocsTree, type ParsedTree, type TreeFile } from '../../core/docs-tree.js';
import type { SourceMessage } from '../../core/source-message.js';
import { normaliseText } from '../../core/front-matter.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

/** Tooling folders of a docs repository: not documentation, not worth a warning. */
const IGNORED_DIRS = new Set(['.git', '.gramax', '.github', '.vscode', '.idea', 'node_modules']);
const IGNORED_FILES = new Set(['.gitignore', '.gitattributes', '.DS_Store', 'Thumbs.db']);

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

/**
 * Reads a docs tree from disk: every markdown file decoded as UTF-8 (a file that is not is a
 * problem with its line), folders, the files that are not markdown (reported and skipped), and
 * symlinks followed with a check that none leads back into a folder above it.
 */
export async function readTreeFolder(root: string, label: string): Promise<Collected> {
  const collected: Collected = { files: [], folders: [], otherFiles: [], docRoot: null, problems: [], warnings: [] };
  const named = (path: string) => (path === '' ? label : `${label}/${path}`);
  const rootReal = await realpath(root);

  async function decode(absolute: string, path: string): Promise<string | null> {
    const bytes = await readFile(absolute);
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

  async function walk(absolute: string, path: string, ancestors: readonly string[]): Promise<void> {
    const entries = (await readdir(absolute)).sort();
    for (const name of entries) {
      const childAbsolute = join(absolute, name);
      const childPath = path === '' ? name : `${path}/${name}`;
      let info = await lstat(childAbsolute);
      if (info.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(childAbsolute);
          info = await stat(childAbsolute);
        } catch {
          collected.warnings.push({ file: named(childPath), line: 0, message: 'Символическая ссылка ведёт в никуда: пропущена' });
          continue;
        }
        if (info.isDirectory() && ancestors.includes(target)) {
          const loopTo = relative(rootReal, target);
          collected.problems.push({
            file: named(childPath),
            line: 0,
            message: `Цикл в дереве: символическая ссылка ведёт в папку «${loopTo === '' ? label : toPosix(loopTo)}», внутри которой сама лежит — дерево стало бы бесконечным. Удалите ссылку или замените её копией`,
          });
          continue;
        }
        if (info.isDirectory() && relative(rootReal, target).startsWith('..')) {
          collected.warnings.push({ file: named(childPath), line: 0, message: 'Символическая ссылка ведёт за пределы дерева: её содержимое читается как часть дерева' });
        }
      }
      if (info.isDirectory()) {
        if (IGNORED_DIRS.has(name)) continue;
        if (name.startsWith('.')) continue;
        collected.folders.push(childPath);
        await walk(childAbsolute, childPath, [...ancestors, await realpath(childAbsolute)]);
        continue;
      }
      if (!info.isFile()) continue;
      if (path === '' && name === '.doc-root.yaml') {
        // An unreadable .doc-root.yaml is already a problem; '' keeps it from also being "missing".
        collected.docRoot = (await decode(childAbsolute, childPath)) ?? '';
        continue;
      }
      if (IGNORED_FILES.has(name) || name.startsWith('.')) continue;
      if (/\.md$/i.test(name)) {
        const text = await decode(childAbsolute, childPath);
        if (text !== null) collected.files.push({ path: childPath, text });
        continue;
      }
      collected.otherFiles.push(childPath);
      collected.warnings.push({ file: named(childPath), line: 0, message: 'Не markdown: файл пропущен (в базу знаний импортируются только статьи .md)' });
    }
  }

  await walk(root, '', [rootReal]);
  return collected;
}

/** Reads and parses a folder; problems of reading and of parsing come back together. */
export async function loadDocsTree(root: string, label: string): Promise<ParsedTree> {
  const collected = await readTreeFolder(root, label);
  const parsed = parseDocsTree({ files: collected.files, folders: collected.folders, otherFiles: collected.otherFiles, docRoot: collected.docRoot, label });
  return {
    sections: parsed.sections,
    problems: [...collected.problems, ...parsed.problems],
    warnings: [...collected.warnings, ...parsed.warnings],
  };
}
