import { KbError } from '../../core/errors.js';
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Who a commit is by: an editor of the sections, or the export tool itself. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** One changed file of the mirror and whose change it is. */
export interface MirrorChange {
  path: string;
  /** null: the tool's own change (a deletion, the root file). */
  author: GitIdentity | null;
  /** When the author made it (their latest date_updated); null for the tool's changes. */
  date: Date | null;
  /** `02.01 Хостинг`, for the commit message. */
  label: string;
  deleted: boolean;
  /** `added <path>`, `renamed <old> → <new>` …, for the commit message; null when another line says it. */
  line: string | null;
}

export const EXPORT_COMMITTER: GitIdentity = { name: 'tapbot-kb export', email: 'export@tapbot.kz' };

async function git(dir: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<string> {
  try {
    const child = run('git', ['-C', dir, '-c', 'commit.gpgsign=false', '-c', 'core.quotepath=false', ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const { stdout } = await child;
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new KbError('failed', `git ${args[0]} failed in ${dir}`, { why: stderr || (error as Error).message, cause: error });
  }
}

/**
 * The mirror is its own repository, rooted at the export folder, also when that folder lies
 * inside another repository: an export never commits into a repository it was not given.
 */
export async function ensureRepository(dir: string): Promise<boolean> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']).then(
    (out) => out.trim(),
    () => null,
  );
  if (top !== null && (await realpath(top)) === (await realpath(dir))) return false;
  await git(dir, ['init', '-q', '-b', 'main']);
  return true;
}

/** Paths (relative to dir) that differ from the last commit, deletions included. */
export async function changedPaths(dir: string): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  return out
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

function stamp(date: Date): string {
  return `@${Math.floor(date.getTime() / 1000)} +0000`;
}

function message(changes: readonly MirrorChange[], tool: boolean): string {
  // The export's own bookkeeping files (.kb-export.json, .doc-root.yaml) do not name a commit.
  const sections = changes.filter((c) => !c.path.startsWith('.'));
  const labels = [...new Set((sections.length > 0 ? sections : changes).map((c) => c.label))].sort();
  const deleted = sections.length > 0 && sections.every((c) => c.deleted);
  const head = tool ? (deleted ? 'Удалены разделы' : 'Зеркало: служебные изменения') : 'Обновлены разделы';
  const shown = labels.slice(0, 3).join(', ');
  const more = labels.length > 3 ? ` и ещё ${labels.length - 3}` : '';
  const files = changes.map((c) => c.line).filter((line): line is string => line !== null).sort();
  return `${head}: ${shown}${more}\n\n${labels.join('\n')}\n\n${files.join('\n')}\n`;
}

export interface CommitOptions {
  dir: string;
  changes: readonly MirrorChange[];
  now: Date;
  committer?: GitIdentity;
}

/**
 * One commit per editor whose sections changed (author = that editor, author date = their
 * latest change), oldest first, then the tool's own changes; the committer is always the tool.
 * Returns the new commit ids; none when nothing changed.
 */
export async function commitChanges({ dir, changes, now, committer = EXPORT_COMMITTER }: CommitOptions): Promise<string[]> {
  if (changes.length === 0) return [];
  // Start from an index that matches the last commit, so each commit holds only its group.
  const hasHead = await git(dir, ['rev-parse', '--verify', '-q', 'HEAD']).then(
    () => true,
    () => false,
  );
  await git(dir, hasHead ? ['read-tree', 'HEAD'] : ['read-tree', '--empty']);

  const groups = new Map<string, { author: GitIdentity | null; date: Date | null; changes: MirrorChange[] }>();
  for (const change of changes) {
    const key = change.author ? `${change.author.email}\n${change.author.name}` : '';
    const group = groups.get(key) ?? { author: change.author, date: null, changes: [] };
    if (change.date && (!group.date || change.date > group.date)) group.date = change.date;
    group.changes.push(change);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    if (!a.author !== !b.author) return a.author ? -1 : 1;
    const time = (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0);
    return time !== 0 ? time : (a.author?.email ?? '').localeCompare(b.author?.email ?? '');
  });

  const commits: string[] = [];
  for (const group of ordered) {
    const paths = group.changes.map((c) => c.path);
    await git(dir, ['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], {}, `${paths.join('\0')}\0`);
    const author = group.author ?? committer;
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: stamp(group.date ?? now),
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: stamp(now),
    };
    await git(dir, ['commit', '-q', '--no-verify', '--allow-empty-message', '-F', '-'], env, message(group.changes, group.author === null));
    commits.push((await git(dir, ['rev-parse', 'HEAD'])).trim());
  }
  return commits;
}
