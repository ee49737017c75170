import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * The one staleness check of the things built from this repository's sources (the hook's bundle,
 * the warm renderer, the preview): a digest of the files they are made of. Content, not mtimes,
 * so a checkout, a copy or a touch never rebuilds for nothing and an edit never goes unnoticed.
 */

/** Every file under `path` (or `path` itself), tests excepted. */
export async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  // Tests sit beside the code but are not part of what is built.
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.test.ts')).map((e) => join(e.parentPath, e.name));
}

/** sha256 over the paths (relative to `root`) and contents of every file under `sources`. */
export async function sourcesDigest(root: string, sources: readonly string[]): Promise<string> {
  const files = (await Promise.all(sources.map((source) => filesUnder(join(root, source))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The digest a build recorded beside its output, or null when there is none. */
export async function recordedDigest(stampFile: string): Promise<string | null> {
  return readFile(stampFile, 'utf8').then((text) => text.trim() || null, () => null);
}

export async function recordDigest(stampFile: string, digest: string): Promise<void> {
  await writeFile(stampFile, `${digest}\n`);
}
