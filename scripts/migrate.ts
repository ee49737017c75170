import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { createCmsClient, loginForToken } from '../platform/cms-client.js';
import { loadDotenv } from '../platform/dotenv-file.js';
import { localDirectusUrl, parseKbEnv } from '../platform/env.js';
import { repoRoot } from '../platform/paths.js';
import { provision } from '../cms/server/provision.js';
import { parseSiteEnv, previewUrlOf } from '../platform/site-env.js';
import { runCli } from '../platform/run-cli.js';

const flagsSchema = z.object({
  'dry-run': z.boolean().default(false),
  to: z.string().regex(/^\d{4}-[a-z0-9-]+$/, 'must be a migration id such as 0002-roles-and-permissions').optional(),
});

await runCli('migrate', async () => {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, to: { type: 'string' } }, strict: true });
  const flags = parseWith(flagsSchema, values, 'npm run migrate flags');
  const { raw } = await loadDotenv(join(repoRoot, '.env'), join(repoRoot, '.env.example'));
  const env = parseKbEnv(raw, '.env');
  const url = localDirectusUrl(env);
  const token = await loginForToken(url, env.ADMIN_EMAIL, env.ADMIN_PASSWORD).catch((error: unknown) => {
    throw new Error(`Directus is not reachable at ${url} or refused the admin login; start it with \`npm start\` first`, { cause: error });
  });
  const previewUrl = previewUrlOf(parseSiteEnv(raw, '.env'));
  const plan = await provision({ client: createCmsClient({ url, token }), env, log: console.log, dryRun: flags['dry-run'], to: flags.to, previewUrl });
  console.log(`Applied before: ${plan.applied.length}. ${flags['dry-run'] ? 'Would apply' : 'Applied now'}: ${plan.pending.map((m) => m.id).join(', ') || 'nothing'}.`);
  if (plan.unknown.length > 0) console.warn(`The database records migrations this checkout does not have: ${plan.unknown.join(', ')} — update the checkout.`);
});
