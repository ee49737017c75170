import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KbError } from '../core/errors.js';
import { buildExtensionIfStale } from '../cms/server/build-extension.js';
import { createCmsClient, loginForToken, type CmsClient } from '../platform/cms-client.js';
import { bootstrapDirectus, directusProcessEnv, startDirectus, type RunningDirectus } from '../cms/server/directus-process.js';
import { importSeedIfEmpty } from '../content/import/seed.js';
import { importLimitsOf } from '../platform/import-limits.js';
import { repoRoot } from '../platform/paths.js';
import { provision } from '../cms/server/provision.js';
import { startPublishing, type Publishing } from '../publishing/publishing-service.js';
import { runCli } from '../platform/run-cli.js';
import { startStaticServer, type RunningStaticServer } from '../publishing/static-server.js';
import { startPreviewServer, type RunningPreviewServer } from '../site/preview/server.js';
import { directusUrlOf, localDirectusUrl, previewUrlOf, publisherSignalUrl } from '../platform/settings/addresses.js';
import { loadSettings } from '../platform/settings/load-settings.js';
import { stackSettings } from '../platform/settings/schema.js';

await runCli('start', async () => {
  const log = (line: string) => console.log(line);
  const { settings, raw, created, generated } = await loadSettings(stackSettings, { generate: true });
  if (created) log('Created .env from .env.example.');

  await buildExtensionIfStale(log);
  if (settings.DB_CLIENT === 'sqlite3' && settings.DB_FILENAME) await mkdir(dirname(resolve(repoRoot, settings.DB_FILENAME)), { recursive: true });
  await mkdir(resolve(repoRoot, settings.STORAGE_LOCAL_ROOT), { recursive: true });

  const processEnv = directusProcessEnv(raw, repoRoot);
  // The hook signals every saved change to the publisher this process runs, and the admin app may
  // frame the preview server (its live-preview pane).
  processEnv.PUBLISHER_URL ??= publisherSignalUrl(settings);
  const previewUrl = previewUrlOf(settings);
  processEnv.CONTENT_SECURITY_POLICY_DIRECTIVES__FRAME_SRC ??= `array:'self',${new URL(previewUrl).origin}`;
  log(`Preparing the ${settings.DB_CLIENT === 'pg' ? 'PostgreSQL' : 'SQLite'} database…`);
  await bootstrapDirectus(processEnv, repoRoot);

  // The publisher listens before Directus starts, so no signal of the seed import is lost; it
  // holds them and builds once the content is in. The site server answers from the start.
  const publishing: Publishing = await startPublishing({ settings, baseDir: repoRoot, log: (line) => log(`[publisher] ${line}`), buildAtStart: false });
  let site: RunningStaticServer | null = null;
  let preview: RunningPreviewServer | null = null;
  let directus: RunningDirectus | null = null;
  const url = localDirectusUrl(settings);
  try {
    site = await startStaticServer({ rootDir: publishing.releases.liveDir, host: settings.SITE_HOST, port: settings.SITE_PORT });
    log(`Starting Directus on ${url}…`);
    directus = await startDirectus({ env: processEnv, cwd: repoRoot, url });
  } catch (error) {
    await site?.close();
    await publishing.close();
    throw error;
  }
  const running = directus;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the site, the preview, the publisher and Directus…`);
    await site?.close();
    await preview?.close();
    await publishing.close();
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let client: CmsClient;
  try {
    const token = await loginForToken(url, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD);
    client = createCmsClient({ url, token });
    await provision({ client, settings, log, previewUrl });
  } catch (error) {
    await site.close();
    await publishing.close();
    await running.stop();
    throw error;
  }

  // Seed content: only into an empty knowledge base. A seed that fails to import leaves Directus
  // running (the schema and accounts are in place); the message says how to import it later.
  const seedPath = resolve(repoRoot, settings.SEED_FILE);
  try {
    await importSeedIfEmpty({ client, path: seedPath, file: settings.SEED_FILE, log, limits: importLimitsOf(settings) });
  } catch (error) {
    log(`The seed was not imported: ${error instanceof Error ? error.message : String(error)}`);
    log(`Directus runs without content; after fixing it run \`npm run import -- ${settings.SEED_FILE}\`.`);
  }

  // The publisher builds the site now and after every saved change; the server always serves the
  // last complete build.
  log('Building the site…');
  publishing.publisher.rebuild('start');
  await publishing.publisher.idle();
  const firstBuild = (await publishing.publisher.status()).lastBuild;
  if (firstBuild?.result !== 'success') {
    log(`The site could not be built: ${firstBuild?.error ?? 'unknown error'}`);
    log('Directus runs; the publisher tries again after the next saved change (status below).');
  }
  try {
    preview = await startPreviewServer({
      directusUrl: directusUrlOf(settings),
      directusPublicUrl: settings.PUBLIC_URL,
      siteUrl: settings.SITE_URL,
      host: settings.PREVIEW_HOST,
      port: settings.PREVIEW_PORT,
    });
  } catch (error) {
    log(`The preview server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }

  log('');
  log('tapbot.kz knowledge base is running.');
  log(`  Public site      ${site.url}/`);
  log(`  Publisher        ${publishing.server.url}/status`);
  if (preview) log(`  Preview          ${previewUrl}/preview/ (the admin app's preview button opens drafts there)`);
  log(`  Directus admin   ${settings.PUBLIC_URL}/admin`);
  log(`  API              ${url}`);
  log(`  Administrator    ${settings.ADMIN_EMAIL}`);
  if (settings.CTO_EMAIL) log(`  CTO              ${settings.CTO_EMAIL}`);
  if (settings.STUDENT_EMAIL) log(`  Student          ${settings.STUDENT_EMAIL}`);
  if (Object.keys(generated).length > 0) {
    log('');
    log('Generated and saved to .env (shown this once):');
    for (const [key, value] of Object.entries(generated)) log(`  ${key.padEnd(18)} ${value}`);
  } else {
    log('  Passwords        in .env');
  }
  log('');
  log('Press Ctrl-C to stop.');

  const code = await new Promise<number | null>((resolveExit) => running.child.on('exit', resolveExit));
  if (!stopping) {
    await site.close();
    await preview?.close();
    await publishing.close();
    throw new KbError('failed', `Directus stopped unexpectedly (exit code ${code})`, { why: `its last output:\n${running.output().slice(-4000)}` });
  }
});
