import { readFile, stat } from 'node:fs/promises';
import { InvalidInputError } from '../../core/parse-with.js';
import { parseSeedIndex, type SeedIndex } from '../../core/seed-index.js';
import { firstInvalidUtf8, notUtf8Problem } from './utf8.js';

/**
 * Reads and parses a seed index. A file that is missing or is not UTF-8 is refused here, before
 * anything is parsed, so a wrongly encoded file cannot import as mojibake.
 */
export async function loadSeedIndex(path: string, file: string = path): Promise<SeedIndex> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new InvalidInputError(
        `${file} is a folder; this import reads a seed index file (markdown, such as ../shared/seed/tapbot-docs-index.md)`,
        file,
        [`${file}: is a folder`],
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it may not be read (permissions)' : String((error as Error).message);
    throw new InvalidInputError(`Cannot read ${file}: ${why}. Check the path (relative paths start from the current folder)`, file, [`${file}: ${why}`]);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) return { sections: [], problems: [notUtf8Problem(bytes, invalid, file)] };
  return parseSeedIndex(new TextDecoder('utf-8').decode(bytes), file);
}
