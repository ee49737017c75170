import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { openAdminSession } from '../platform/cli-session.js';
import { previewUrlOf, guideUrlOf } from '../platform/settings/addresses.js';
import { provision } from '../cms/server/provision.js';
import { runCli } from '../platform/run-cli.js';

const flagsSchema = z.object({
  'dry-run': z.boolean().default(false),
  to: z.string().regex(/^\d{4}-[a-z0-9-]+$/, 'must be a migration id such as 0002-roles-and-permissions').optional(),
});

await runCli('migrate', async () => {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, to: { type: 'string' } }, strict: true });
  const flags = parseWith(flagsSchema, values, 'npm run migrate flags');
  const { client, settings } = await openAdminSession();
  const plan = await provision({ client, settings, log: console.log, dryRun: flags['dry-run'], to: flags.to, previewUrl: previewUrlOf(settings), guideUrl: guideUrlOf(settings) });
  console.log(`Applied before: ${plan.applied.length}. ${flags['dry-run'] ? 'Would apply' : 'Applied now'}: ${plan.pending.map((m) => m.id).join(', ') || 'nothing'}.`);
  if (plan.unknown.length > 0) console.warn(`The database records migrations this checkout does not have: ${plan.unknown.join(', ')} — update the checkout.`);
});
