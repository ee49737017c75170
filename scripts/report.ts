import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseWith } from '../core/parse-with.js';
import { DEFAULT_TIME_ZONE } from '../core/status-report.js';
import { openAdminSession } from '../platform/cli-session.js';
import { formatReport } from '../content/report/format.js';
import { loadStatusReport } from '../content/report/data.js';
import { formatLinksReport, loadLinksReport } from '../content/report/links.js';
import { runCli } from '../platform/run-cli.js';

const argsSchema = z.object({
  json: z.boolean().default(false),
  links: z.boolean().default(false),
  'stale-days': z.coerce.number().int().min(1).default(30),
  tz: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Almaty or UTC'),
  rest: z.array(z.string()).max(0, 'npm run report [-- --json] [--links] [--stale-days 30] [--tz Asia/Almaty] takes no other arguments'),
});

await runCli('report', async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean' }, links: { type: 'boolean' }, 'stale-days': { type: 'string' }, tz: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const args = parseWith(argsSchema, { ...values, rest: positionals }, 'npm run report arguments');
  const { client } = await openAdminSession();
  if (args.links) {
    // The broken links the site build lists, computed from Directus by the same check.
    const links = await loadLinksReport({ client });
    console.log(args.json ? JSON.stringify(links, null, 2) : formatLinksReport(links).join('\n'));
    return;
  }
  const report = await loadStatusReport({ client, timeZone: args.tz, staleDays: args['stale-days'] });
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report).join('\n'));
});
