import { loginForToken, createCmsClient } from '../platform/cms-client.js';
import { startPreviewServer } from '../site/preview/server.js';
import { ensurePreviewUrl } from '../cms/server/preview-url.js';
import { runCli } from '../platform/run-cli.js';
import { directusUrlOf, previewUrlOf } from '../platform/settings/addresses.js';
import { loadSettings } from '../platform/settings/load-settings.js';
import { siteSettings } from '../platform/settings/schema.js';

// `npm run preview`: the editors' preview server next to a running Directus. With the admin
// account in .env it also points the admin app's preview button at this server.
await runCli('preview', async () => {
  const { settings } = await loadSettings(siteSettings);
  const directusUrl = directusUrlOf(settings);
  const publicPreviewUrl = previewUrlOf(settings);
  const log = (line: string) => console.log(line);
  const server = await startPreviewServer({ directusUrl, directusPublicUrl: settings.PUBLIC_URL, siteUrl: settings.SITE_URL, host: settings.PREVIEW_HOST, port: settings.PREVIEW_PORT, log });
  if (settings.ADMIN_EMAIL && settings.ADMIN_PASSWORD) {
    const token = await loginForToken(directusUrl, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD);
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
