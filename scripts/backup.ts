import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { createBackup } from '../content/backup/create.js';
import { openAdminSession, userPath } from '../platform/cli-session.js';
import { runCli } from '../platform/run-cli.js';
import { replaceFile } from '../platform/contained-files.js';

const argsSchema = z.object({
  paths: z.array(z.string().min(1)).max(1, 'npm run backup [-- <file>] takes one file name at most'),
});

function defaultName(now: Date): string {
  return `kb-backup-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.json`;
}

await runCli('backup', async () => {
  const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { paths: positionals }, 'npm run backup arguments');
  const now = new Date();
  const file = args.paths[0] ?? defaultName(now);
  const { client, url, settings } = await openAdminSession();
  const backup = await createBackup({ client, database: settings, url, now });
  // The file holds password hashes: readable by its owner only — also when a file (or a link to
  // one) already had that name, which is replaced rather than written through.
  await replaceFile(userPath(file), `${JSON.stringify(backup, null, 2)}\n`, { mode: 0o600 });
  console.log(
    `Backed up ${backup.sections.length} sections, ${backup.users.length} users, ${backup.comments.length} comments and ${backup.versions.length} content versions to ${file}. ` +
      'It contains password hashes: keep it as private as the database.',
  );
});
