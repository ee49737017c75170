import { stat } from 'node:fs/promises';
import { readItems } from '@directus/sdk';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { importSources, type ImportOptions, type ImportResult } from './sources.js';

export interface ImportSeedOptions {
  client: CmsClient;
  /** Path to read. */
  path: string;
  /** How the file is named in messages (as the user typed it); defaults to the path. */
  file?: string;
  dryRun?: boolean;
  force?: boolean;
  log?: (line: string) => void;
  /** Where the progress bar goes (only drawn on a terminal); null for none. */
  progress?: NodeJS.WriteStream | null;
  limits?: ImportOptions['limits'];
}

export type ImportSeedResult = ImportResult;

/** One seed file (or docs tree) through importSources: read → parse → plan → print → apply a clean plan. */
export async function importSeed({ path, file = path, ...options }: ImportSeedOptions): Promise<ImportSeedResult> {
  return importSources([{ path, label: file }], options);
}

export type SeedOnStart =
  | { outcome: 'imported'; result: ImportSeedResult }
  | { outcome: 'not-empty' }
  | { outcome: 'missing' };

/** What `npm start` does: fills an empty knowledge base from the seed, and leaves a used one alone. */
export async function importSeedIfEmpty(options: ImportSeedOptions): Promise<SeedOnStart> {
  const { client, path, file = path, log = () => {} } = options;
  const any = await cmsRequest('check whether the knowledge base is empty', () => client.request(readItems('sections', { fields: ['id'], limit: 1 })));
  if (any.length > 0) return { outcome: 'not-empty' };
  // SEED_FILE may also name a docs tree: the import reads both.
  const exists = await stat(path).then(
    (info) => info.isFile() || info.isDirectory(),
    () => false,
  );
  if (!exists) {
    log(`The knowledge base is empty and the seed ${file} is not there: starting without content. Set SEED_FILE in .env, or import later with \`npm run import -- <file>\`.`);
    return { outcome: 'missing' };
  }
  log(`The knowledge base is empty: importing the seed ${file}…`);
  return { outcome: 'imported', result: await importSeed({ ...options, file }) };
}
