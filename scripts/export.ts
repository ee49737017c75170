import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { openAdminSession, userPath } from '../platform/cli-session.js';
import { exportTree } from '../content/export/tree.js';
import { runCli } from '../platform/run-cli.js';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)).length(1, 'give the folder to write: npm run export -- <folder> [--git] [--into-catalog]'),
  git: z.boolean().default(false),
  'into-catalog': z.boolean().default(false),
});

await runCli('export', async () => {
  const { values, positionals } = parseArgs({ options: { git: { type: 'boolean' }, 'into-catalog': { type: 'boolean' } }, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { ...values, paths: positionals }, 'npm run export arguments');
  const { client } = await openAdminSession();
  const result = await exportTree({ client, dir: userPath(args.paths[0] as string), git: args.git, intoCatalog: args['into-catalog'], log: console.log });
  for (const commit of result.commits) console.log(`  commit ${commit}`);
});
