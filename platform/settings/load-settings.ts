import { existsSync } from 'node:fs';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { parseWith } from '../../core/parse-with.js';
import { repoRoot } from '../paths.js';
import { fillSecrets, randomSecret } from './env-file.js';
import type { RawSettings, SettingsFamily, SettingsOf } from './schema.js';

export interface LoadSettingsOptions {
  /**
   * Create `.env` from `.env.example` when it is missing and generate its empty secrets (what
   * `npm start` and the commands beside it do). Without it, `.env` is read as it is, or not at all
   * (the site build and the preview in a container get everything from the environment).
   */
  generate?: boolean;
  /** The folder of `.env` and `.env.example`. */
  dir?: string;
  environment?: RawSettings;
}

export interface LoadedSettings<F extends SettingsFamily> {
  settings: SettingsOf<F>;
  /** Every setting as read (.env overridden by the environment), Directus's own included. */
  raw: RawSettings;
  /** Whether `.env` was created by this call. */
  created: boolean;
  /** Secrets generated into `.env` by this call (printed once by `npm start`). */
  generated: Record<string, string>;
}

/** Pure: the settings of one family from raw values; every problem at once, naming the key. */
export function parseSettings<F extends SettingsFamily>(family: F, raw: RawSettings, where = '.env'): SettingsOf<F> {
  return parseWith(family.schema, raw, where, (value) => family.rules.flatMap((rule) => rule(value as RawSettings)));
}

/**
 * The one reader of the settings: `.env`, with every variable set in the environment winning
 * (DB_CLIENT=pg in CI, the containers of docker-compose.yml), also for a documented setting an
 * older `.env` lacks. Then checked against the family the caller runs with.
 */
export async function loadSettings<F extends SettingsFamily>(family: F, { generate = false, dir = repoRoot, environment = process.env }: LoadSettingsOptions = {}): Promise<LoadedSettings<F>> {
  const envPath = join(dir, '.env');
  const examplePath = join(dir, '.env.example');
  const exampleKeys = existsSync(examplePath) ? Object.keys(parse(await readFile(examplePath, 'utf8'))) : [];
  let created = false;
  let generated: Record<string, string> = {};
  let text = '';
  if (generate && !existsSync(envPath)) {
    await copyFile(examplePath, envPath);
    // It is about to hold the generated secrets: readable by its owner only.
    await chmod(envPath, 0o600);
    created = true;
  }
  if (existsSync(envPath)) {
    const original = await readFile(envPath, 'utf8');
    text = original;
    if (generate) {
      ({ text, generated } = fillSecrets(original, (length) => randomSecret(length), exampleKeys));
      if (text !== original) await writeFile(envPath, text, { mode: 0o600 });
    }
  }
  const fromFile = parse(text);
  const raw: Record<string, string | undefined> = { ...fromFile };
  for (const key of new Set([...Object.keys(fromFile), ...exampleKeys, ...Object.keys(family.schema.shape)])) {
    if (environment[key] !== undefined) raw[key] = environment[key];
  }
  return { settings: parseSettings(family, raw), raw, created, generated };
}
