import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { openAdminSession, userPath } from '../platform/cli-session.js';
import { ImportInputError, importLoaded, loadSources } from '../content/import/sources.js';
import { runCli } from '../platform/run-cli.js';
import { loadDotenv } from '../platform/dotenv-file.js';
import { importLimitsFrom } from '../platform/import-limits.js';
import { repoRoot } from '../platform/paths.js';

const USAGE = 'npm run import -- <seed.md | docs-folder> [more files or folders…] [--dry-run] [--force]';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)).min(1, `give at least one file or folder: ${USAGE}`),
  'dry-run': z.boolean().default(false),
  force: z.boolean().default(false),
});

await runCli('import', async () => {
  const { values, positionals } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { ...values, paths: positionals }, 'npm run import arguments');
  const sources = args.paths.map((path) => ({ path: userPath(path), label: path.replace(/\/+$/, '') || path }));

  // Bad input is reported before Directus is even asked, so it needs no running server.
  const { raw } = await loadDotenv(join(repoRoot, '.env'), join(repoRoot, '.env.example'));
  const limits = importLimitsFrom(raw);
  const loaded = await loadSources(sources, { maxFileBytes: limits.maxFileBytes });
  if (loaded.problems.length > 0) {
    for (const warning of loaded.warnings) console.log(`warning: ${warning.file}${warning.line > 0 ? `:${warning.line}` : ''}: ${warning.message}`);
    throw new ImportInputError(loaded.problems, loaded.label);
  }
  const { client } = await openAdminSession();
  await importLoaded(loaded, { client, dryRun: args['dry-run'], force: args.force, log: console.log, limits });
});
