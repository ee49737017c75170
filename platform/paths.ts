import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root, found from this file rather than from the caller's working directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const extensionsDir = resolve(repoRoot, 'cms/extensions');
