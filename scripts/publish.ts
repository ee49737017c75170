import { parseArgs } from 'node:util';
import { z } from 'zod';
import { KbError } from '../core/errors.js';
import { parseWith } from '../core/parse-with.js';
import { repoRoot } from '../platform/paths.js';
import { loadSettings } from '../platform/settings/load-settings.js';
import { publisherSettings } from '../platform/settings/schema.js';
import { startPublishing } from '../publishing/publishing-service.js';
import { runCli } from '../platform/run-cli.js';

const flagsSchema = z.object({ once: z.boolean().default(false) });

// `npm run publish` runs the publisher service (docker-compose.yml runs it the same way);
// `npm run publish -- --once` builds and switches the site once, updates the mirror, and exits.
await runCli('publish', async () => {
  const { values } = parseArgs({ options: { once: { type: 'boolean' } }, strict: true });
  const flags = parseWith(flagsSchema, values, 'npm run publish flags');
  const { settings } = await loadSettings(publisherSettings, { generate: true });
  const log = (line: string) => console.log(`[publisher] ${line}`);
  const publishing = await startPublishing({ settings, baseDir: repoRoot, log });

  if (flags.once) {
    await publishing.publisher.idle();
    const status = await publishing.publisher.status();
    await publishing.close();
    if (status.lastBuild?.result !== 'success') throw new KbError('failed', 'The site was not published', { why: status.lastBuild?.error ?? 'no build ran' });
    if (status.mirror?.result === 'failed') throw new KbError('failed', 'The site is live, but the git mirror failed', { why: status.mirror.error ?? 'unknown' });
    return;
  }
  log(`Waiting for signals on ${publishing.server.url}/signal; status at ${publishing.server.url}/status`);
  await new Promise<void>((resolveStop) => {
    const stop = () => void publishing.close().then(resolveStop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
});
