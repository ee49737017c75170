import { KbError } from '../../../core/errors.js';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseWith } from '../../../core/parse-with.js';
import { personSchema, sectionRecordSchema } from '../../../core/section-record.js';

/**
 * What the build hands to Astro: the records read from Directus once, already validated, plus
 * the settings pages need. Astro runs in a child process, so the hand-over is a file.
 */
export const siteSnapshotSchema = z.object({
  format: z.literal(1),
  generatedAt: z.string(),
  siteUrl: z.string().url(),
  directusPublicUrl: z.string().url(),
  sections: z.array(sectionRecordSchema),
  people: z.array(personSchema),
});

export type SiteSnapshot = z.output<typeof siteSnapshotSchema>;

/** The environment variable that tells the Astro build where the snapshot is. */
export const SNAPSHOT_ENV = 'KB_SITE_SNAPSHOT';

export async function writeSnapshot(path: string, snapshot: SiteSnapshot): Promise<void> {
  await writeFile(path, JSON.stringify(snapshot));
}

export async function readSnapshot(path: string): Promise<SiteSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new KbError('bad-input', `Cannot read the site data ${path}`, { why: (error as Error).message, hint: 'Build the site with `npm run build:site`, which fetches it from Directus first.', cause: error });
  }
  return parseWith(siteSnapshotSchema, JSON.parse(text), `the site data ${path}`);
}
