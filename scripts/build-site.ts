import { join } from 'node:path';
import { repoRoot } from '../platform/paths.js';
import { runCli } from '../platform/run-cli.js';
import { buildSite } from '../site/build/site-build.js';
import { directusUrlOf, parseSiteEnv, readEnvFile } from '../platform/site-env.js';

// `npm run build:site`: the public site from whatever Directus .env points at, into site/dist.
await runCli('build:site', async () => {
  const env = parseSiteEnv(await readEnvFile(join(repoRoot, '.env')), '.env');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const outDir = join(repoRoot, 'site/dist');
  const result = await buildSite({
    directusUrl: directusUrlOf(env),
    token: env.SITE_READER_TOKEN,
    outDir,
    siteUrl: env.SITE_URL,
    directusPublicUrl: env.PUBLIC_URL,
    log: (line) => console.log(line),
    signal: controller.signal,
  });
  console.log(`Done: ${result.pages} pages. Serve ${outDir} as static files (index.html at its root).`);
});
