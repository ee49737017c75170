import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parse } from 'dotenv';
import { fillSecrets, randomSecret } from './env-file.js';
import type { RawEnv } from './env.js';

export interface LoadedDotenv {
  raw: RawEnv;
  created: boolean;
  generated: Record<string, string>;
}

/**
 * Reads `.env`, first creating it from `.env.example` when missing and filling empty secrets.
 * Variables already set in the process (e.g. DB_CLIENT=pg in CI) win over the file, as usual.
 */
export async function loadDotenv(envPath: string, examplePath: string): Promise<LoadedDotenv> {
  let created = false;
  if (!existsSync(envPath)) {
    await copyFile(examplePath, envPath);
    created = true;
  }
  const original = await readFile(envPath, 'utf8');
  const exampleKeys = existsSync(examplePath) ? Object.keys(parse(await readFile(examplePath, 'utf8'))) : [];
  const { text, generated } = fillSecrets(original, (length) => randomSecret(length), exampleKeys);
  if (text !== original) await writeFile(envPath, text, { mode: 0o600 });
  const fromFile = parse(text);
  const raw: Record<string, string | undefined> = { ...fromFile };
  // Every documented setting may come from the environment, also one an older .env lacks.
  for (const key of new Set([...Object.keys(fromFile), ...exampleKeys])) {
    if (process.env[key] !== undefined) raw[key] = process.env[key];
  }
  return { raw, created, generated };
}
