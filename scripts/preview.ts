import { join } from 'node:path';
import { loginForToken, createCmsClient } from '../platform/cms-client.js';
import { repoRoot } from '../platform/paths.js';
import { startPreviewServer } from '../site/preview/server.js';
import { ensurePreviewUrl } from '../cms/server/preview-url.js';
import { runCli } from '../platform/run-cli.js';
import { directusUrlOf, parseSiteEnv, previewUrlOf, readEnvFile } from '../platform/site-env.js';

// `npm run preview`: the editors' preview server next to a running Directus. With the admin
// account in .env it also points the admin app's preview button at this server.
await runCli('preview', async () => {
  const env = parseSiteEnv(await readEnvFile(join(repoRoot, '.env')), '.env');
  const directusUrl = directusUrlOf(env);
  const publicPreviewUrl = previewUrlOf(env);
  const log = (line: string) => console.log(line);
  const server = await startPreviewServer({ directusUrl, directusPublicUrl: env.PUBLIC_URL, siteUrl: env.SITE_URL, host: env.PREVIEW_HOST, port: env.PREVIEW_PORT, log });
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const token = await loginForToken(directusUrl, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    await ensurePreviewUrl(createCmsClient({ url: directusUrl, token }), publicPreviewUrl, log);
  } else {
    log(`Set ADMIN_EMAIL/ADMIN_PASSWORD to point the admin app's preview button at ${publicPreviewUrl}.`);
  }
  log(`Editors open drafts from the admin app's preview button (${publicPreviewUrl}/preview/<id>). Ctrl-C stops.`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
});
