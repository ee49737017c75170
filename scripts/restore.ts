import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { openAdminSession, userPath } from '../platform/cli-session.js';
import { loadBackupFile, restoreBackup } from '../content/backup/restore.js';
import { runCli } from '../platform/run-cli.js';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)).length(1, 'give the backup file: npm run restore -- <file>'),
});

await runCli('restore', async () => {
  const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { paths: positionals }, 'npm run restore arguments');
  const file = args.paths[0] as string;
  // The file is checked whole before Directus is even asked.
  const backup = await loadBackupFile(userPath(file), file);
  const { client, settings } = await openAdminSession();
  const result = await restoreBackup({ client, database: settings, backup, log: console.log });
  for (const m of result.usersMatchedByEmail) console.log(`  ${m.email}: already in the target as ${m.targetId}; its sections, comments and versions point there`);
  console.log(`Restored ${file}: ${result.sections} sections, ${result.usersCreated + result.usersUpdated} users, ${result.comments} comments, ${result.versions} content versions.`);
});
