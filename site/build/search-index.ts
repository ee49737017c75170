import { join } from 'node:path';
import { KbError } from '../../core/errors.js';

/**
 * The search index (Pagefind, Russian stemming) of a finished site folder, written into its
 * `pagefind/`. Pagefind has no incremental mode, so every publish indexes the whole site; the
 * publisher keeps Pagefind's service process running between publishes (`keepService`) instead
 * of starting it each time.
 */
export interface IndexOptions {
  /** Keep Pagefind's service process for the next index (the publisher). */
  keepService?: boolean;
  /** Only the files matching this glob are read (site-routes.ts searchIndexGlob); all HTML otherwise. */
  glob?: string;
}

export async function indexForSearch(dir: string, { keepService = false, glob }: IndexOptions = {}): Promise<number> {
  const pagefind = await import('pagefind');
  let failed = false;
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'ru' });
    if (!index) throw new Error(errors.join('; ') || 'no index');
    try {
      const added = await index.addDirectory(glob ? { path: dir, glob } : { path: dir });
      if (added.errors.length > 0) throw new Error(added.errors.join('; '));
      const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
      if (written.errors.length > 0) throw new Error(written.errors.join('; '));
      return added.page_count;
    } finally {
      if (keepService) await index.deleteIndex().catch(() => {});
    }
  } catch (error) {
    failed = true;
    throw new KbError('failed', 'The search index (Pagefind) could not be built', { why: (error as Error).message, cause: error });
  } finally {
    // A failure may have left the service in any state: the next index starts a fresh one.
    if (!keepService || failed) await pagefind.close();
  }
}

/** Stops Pagefind's service process (the publisher, when it shuts down). */
export async function stopSearchIndexer(): Promise<void> {
  const pagefind = await import('pagefind');
  await pagefind.close();
}
