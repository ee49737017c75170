import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { openAdminSession, userPath } from '../platform/cli-session.js';
import { importLoaded, loadSources, refuseBadInput } from '../content/import/sources.js';
import { runCli } from '../platform/run-cli.js';
import { importLimitsOf } from '../platform/import-limits.js';
import { loadSettings } from '../platform/settings/load-settings.js';
import { importSettings } from '../platform/settings/schema.js';

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
  const limits = importLimitsOf((await loadSettings(importSettings, { generate: true })).settings);
  const loaded = await loadSources(sources, { maxFileBytes: limits.maxFileBytes });
  refuseBadInput(loaded, console.log);
  const { client } = await openAdminSession();
  await importLoaded(loaded, { client, dryRun: args['dry-run'], force: args.force, log: console.log, limits });
});
