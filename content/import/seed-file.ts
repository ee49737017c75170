import { stat } from 'node:fs/promises';
import { KbError } from '../../core/errors.js';
import { parseSeedIndex, type SeedIndex } from '../../core/seed-index.js';
import { DEFAULT_IMPORT_LIMITS } from '../../platform/import-limits.js';
import { namedFileRoot, readContainedFile } from '../../platform/contained-files.js';
import { fileRefusalProblem } from './file-problems.js';
import { unreadableSource } from './unreadable.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

/**
 * Reads and parses a seed index. A file that is missing or is not UTF-8 is refused here, before
 * anything is parsed, so a wrongly encoded file cannot import as mojibake. The file is read as
 * a docs tree's files are: a symbolic link at its name may lead only within its own folder (not
 * to `../.env`, not to a dotfile), and its size is capped.
 */
export async function loadSeedIndex(path: string, file: string = path, { maxFileBytes = DEFAULT_IMPORT_LIMITS.maxFileBytes }: { maxFileBytes?: number } = {}): Promise<SeedIndex> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadableSource(file, error);
  });
  if (info.isDirectory()) {
    throw new KbError('bad-input', `${file} is a folder`, { why: 'this import reads a seed index file (markdown, such as ../shared/seed/tapbot-docs-index.md)' });
  }
  const read = await namedFileRoot(path)
    .then(({ rootReal, name }) => readContainedFile(rootReal, name, { maxBytes: maxFileBytes, allowHidden: [name] }))
    .catch((error: unknown) => {
      throw unreadableSource(file, error);
    });
  if (!read.ok) {
    if (read.refusal.kind === 'missing') throw unreadableSource(file, 'there is no such file');
    const { message } = fileRefusalProblem(read.refusal, file);
    return { sections: [], problems: [message] };
  }
  const bytes = read.bytes;
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) return { sections: [], problems: [notUtf8Problem(bytes, invalid, file)] };
  return parseSeedIndex(new TextDecoder('utf-8').decode(bytes), file);
}
