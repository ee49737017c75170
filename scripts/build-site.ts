import { join } from 'node:path';
import { repoRoot } from '../platform/paths.js';
import { runCli } from '../platform/run-cli.js';
import { directusUrlOf } from '../platform/settings/addresses.js';
import { loadSettings } from '../platform/settings/load-settings.js';
import { siteSettings } from '../platform/settings/schema.js';
import { buildSite } from '../site/build/site-build.js';

// `npm run build:site`: the public site from whatever Directus .env points at, into site/dist.
await runCli('build:site', async () => {
  const { settings } = await loadSettings(siteSettings);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const outDir = join(repoRoot, 'site/dist');
  const result = await buildSite({
    directusUrl: directusUrlOf(settings),
    token: settings.SITE_READER_TOKEN,
    outDir,
    siteUrl: settings.SITE_URL,
    directusPublicUrl: settings.PUBLIC_URL,
    log: (line) => console.log(line),
    signal: controller.signal,
  });
  console.log(`Done: ${result.pages} pages. Serve ${outDir} as static files (index.html at its root).`);
});
