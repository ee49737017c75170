import { readFile, stat } from 'node:fs/promises';
import { KbError } from '../../core/errors.js';
import { parseSeedIndex, type SeedIndex } from '../../core/seed-index.js';
import { unreadableSource } from './unreadable.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

/**
 * Reads and parses a seed index. A file that is missing or is not UTF-8 is refused here, before
 * anything is parsed, so a wrongly encoded file cannot import as mojibake.
 */
export async function loadSeedIndex(path: string, file: string = path): Promise<SeedIndex> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadableSource(file, error);
  });
  if (info.isDirectory()) {
    throw new KbError('bad-input', `${file} is a folder`, { why: 'this import reads a seed index file (markdown, such as ../shared/seed/tapbot-docs-index.md)' });
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw unreadableSource(file, error);
  });
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) return { sections: [], problems: [notUtf8Problem(bytes, invalid, file)] };
  return parseSeedIndex(new TextDecoder('utf-8').decode(bytes), file);
}
