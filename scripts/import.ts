import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { createCmsClient, loginForToken } from './lib/cms-client.js';
import { loadDotenv } from './lib/dotenv-file.js';
import { localDirectusUrl, parseKbEnv } from './lib/env.js';
import { importSeed, loadSeedIndex, SeedInputError } from './lib/import-seed.js';
import { repoRoot } from './lib/paths.js';
import { runCli } from './lib/run-cli.js';

const argsSchema = z.object({
  files: z.array(z.string().min(1)).length(1, 'give exactly one file: npm run import -- <file> [--dry-run] [--force]'),
  'dry-run': z.boolean().default(false),
  force: z.boolean().default(false),
});

await runCli('import', async () => {
  const { values, positionals } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { ...values, files: positionals }, 'npm run import arguments');
  const file = args.files[0] as string;
  // npm runs scripts from the package root; INIT_CWD is where the user typed the path from.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);

  // Bad input is reported before Directus is even asked, so it needs no running server.
  const index = await loadSeedIndex(path, file);
  if (index.problems.length > 0) throw new SeedInputError(index.problems);

  const { raw } = await loadDotenv(join(repoRoot, '.env'), join(repoRoot, '.env.example'));
  const env = parseKbEnv(raw, '.env');
  const url = localDirectusUrl(env);
  const token = await loginForToken(url, env.ADMIN_EMAIL, env.ADMIN_PASSWORD).catch((error: unknown) => {
    throw new Error(`Directus is not reachable at ${url} or refused the admin login; start it with \`npm start\` first`, { cause: error });
  });
  await importSeed({ client: createCmsClient({ url, token }), path, file, dryRun: args['dry-run'], force: args.force, log: console.log });
});
