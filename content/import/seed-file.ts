import { stat } from 'node:fs/promises';
import { InvalidInputError } from '../../core/parse-with.js';
import { parseSeedIndex, type SeedIndex } from '../../core/seed-index.js';
import { DEFAULT_IMPORT_LIMITS } from '../../platform/import-limits.js';
import { namedFileRoot, readContainedFile } from '../../platform/contained-files.js';
import { fileRefusalProblem } from './file-problems.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

function unreadable(file: string, why: string): InvalidInputError {
  return new InvalidInputError(`Cannot read ${file}: ${why}. Check the path (relative paths start from the current folder)`, file, [`${file}: ${why}`]);
}

/**
 * Reads and parses a seed index. A file that is missing or is not UTF-8 is refused here, before
 * anything is parsed, so a wrongly encoded file cannot import as mojibake. The file is read as
 * a docs tree's files are: a symbolic link at its name may lead only within its own folder (not
 * to `../.env`, not to a dotfile), and its size is capped.
 */
export async function loadSeedIndex(path: string, file: string = path, { maxFileBytes = DEFAULT_IMPORT_LIMITS.maxFileBytes }: { maxFileBytes?: number } = {}): Promise<SeedIndex> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unreadable(file, code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it may not be read (permissions)' : String((error as Error).message));
  }
  if (info.isDirectory()) {
    throw new InvalidInputError(`${file} is a folder; this import reads a seed index file (markdown, such as ../shared/seed/tapbot-docs-index.md)`, file, [`${file}: is a folder`]);
  }
  let read;
  try {
    const { rootReal, name } = await namedFileRoot(path);
    read = await readContainedFile(rootReal, name, { maxBytes: maxFileBytes, allowHidden: [name] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unreadable(file, code === 'EACCES' ? 'it may not be read (permissions)' : String((error as Error).message));
  }
  if (!read.ok) {
    if (read.refusal.kind === 'missing') throw unreadable(file, 'there is no such file');
    const { message } = fileRefusalProblem(read.refusal, file);
    return { sections: [], problems: [message] };
  }
  const bytes = read.bytes;
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) return { sections: [], problems: [notUtf8Problem(bytes, invalid, file)] };
  return parseSeedIndex(new TextDecoder('utf-8').decode(bytes), file);
}
