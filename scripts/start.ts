import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeError } from '../core/errors.js';
import { buildExtensionIfStale } from '../cms/server/build-extension.js';
import { bootstrapDirectus, directusProcessEnv } from '../cms/server/directus-process.js';
import { superviseDirectus, type SupervisedDirectus } from '../cms/server/directus-supervisor.js';
import { provision } from '../cms/server/provision.js';
import { importSeedIfEmpty } from '../content/import/seed.js';
import { createClosers, type Closers } from '../platform/closers.js';
import { createCmsClient, loginForToken, type CmsClient } from '../platform/cms-client.js';
import { importLimitsOf } from '../platform/import-limits.js';
import { repoRoot } from '../platform/paths.js';
import { runCli } from '../platform/run-cli.js';
import { directusUrlOf, localDirectusUrl, previewUrlOf, guideUrlOf, publisherSignalUrl } from '../platform/settings/addresses.js';
import { loadSettings, type LoadedSettings } from '../platform/settings/load-settings.js';
import { stackSettings, type RawSettings, type StackSettings } from '../platform/settings/schema.js';
import { startPublishing, type Publishing } from '../publishing/publishing-service.js';
import { startStaticServer, type RunningStaticServer } from '../publishing/static-server.js';
import { startPreviewServer, type RunningPreviewServer } from '../site/preview/server.js';

// `npm start`: Directus, the publisher, the site server and the preview in one process, each step
// below in turn; whatever was started is closed (newest first) on Ctrl-C or when a step fails.
// Directus is supervised: when it dies it is started again (with backoff, logged) while the site
// server goes on serving the last good build.

const log = (line: string) => console.log(line);

/** The extension, the folders and the database Directus starts with, and the environment it gets. */
async function prepareDirectus(settings: StackSettings, raw: RawSettings): Promise<Record<string, string>> {
  await buildExtensionIfStale(log);
  if (settings.DB_CLIENT === 'sqlite3' && settings.DB_FILENAME) await mkdir(dirname(resolve(repoRoot, settings.DB_FILENAME)), { recursive: true });
  await mkdir(resolve(repoRoot, settings.STORAGE_LOCAL_ROOT), { recursive: true });
  const processEnv = directusProcessEnv(raw, repoRoot);
  // The hook signals every saved change to the publisher this process runs, and the admin app may
  // frame the preview server (its live-preview pane).
  processEnv.PUBLISHER_URL ??= publisherSignalUrl(settings);
  processEnv.CONTENT_SECURITY_POLICY_DIRECTIVES__FRAME_SRC ??= `array:'self',${new URL(previewUrlOf(settings)).origin}`;
  log(`Preparing the ${settings.DB_CLIENT === 'pg' ? 'PostgreSQL' : 'SQLite'} database…`);
  await bootstrapDirectus(processEnv, repoRoot);
  return processEnv;
}

interface Started {
  publishing: Publishing;
  site: RunningStaticServer;
  directus: SupervisedDirectus;
}

/**
 * The publisher listens before Directus starts, so no signal of the seed import is lost; it holds
 * them and builds once the content is in. The site server answers from the start.
 */
async function startServices(settings: StackSettings, processEnv: Record<string, string>, closers: Closers): Promise<Started> {
  const publishing = await startPublishing({ settings, baseDir: repoRoot, log: (line) => log(`[publisher] ${line}`), buildAtStart: false });
  closers.add('the publisher', () => publishing.close());
  const site = await startStaticServer({ rootDir: publishing.releases.liveDir, host: settings.SITE_HOST, port: settings.SITE_PORT });
  closers.add('the site server', () => site.close());
  const url = localDirectusUrl(settings);
  log(`Starting Directus on ${url}…`);
  const directus = await superviseDirectus({
    env: processEnv,
    cwd: repoRoot,
    url,
    log,
    // Signals of saves just before the crash may be lost: the publisher reads the tree again.
    onRestarted: () => publishing.publisher.rebuild('Directus restarted'),
  });
  closers.add('Directus', () => directus.stop());
  return { publishing, site, directus };
}

/** The schema, accounts and preview link, then the seed into an empty knowledge base. */
async function fillDirectus(settings: StackSettings, url: string): Promise<CmsClient> {
  const client = createCmsClient({ url, token: await loginForToken(url, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD) });
  await provision({ client, settings, log, previewUrl: previewUrlOf(settings), guideUrl: guideUrlOf(settings) });
  // A seed that fails to import leaves Directus running (the schema and accounts are in place);
  // the message says how to import it later.
  try {
    await importSeedIfEmpty({ client, path: resolve(repoRoot, settings.SEED_FILE), file: settings.SEED_FILE, log, limits: importLimitsOf(settings) });
  } catch (error) {
    log(`The seed was not imported: ${describeError(error, ': ')}`);
    log(`Directus runs without content; after fixing it run \`npm run import -- ${settings.SEED_FILE}\`.`);
  }
  return client;
}

/** The publisher builds the site now and after every saved change; the server serves the last complete build. */
async function firstBuild(publishing: Publishing): Promise<void> {
  log('Building the site…');
  publishing.publisher.rebuild('start');
  await publishing.publisher.idle();
  const build = (await publishing.publisher.status()).lastBuild;
  if (build?.result !== 'success') {
    log(`The site could not be built: ${build?.error ?? 'unknown error'}`);
    log('Directus runs; the publisher tries again after the next saved change (status below).');
  }
}

/** The editors' preview; the rest runs without it when it cannot start. */
async function startPreview(settings: StackSettings, closers: Closers): Promise<RunningPreviewServer | null> {
  try {
    const preview = await startPreviewServer({
      directusUrl: directusUrlOf(settings),
      directusPublicUrl: settings.PUBLIC_URL,
      siteUrl: settings.SITE_URL,
      host: settings.PREVIEW_HOST,
      port: settings.PREVIEW_PORT,
    });
    closers.add('the preview', () => preview.close());
    return preview;
  } catch (error) {
    log(`The preview server did not start: ${describeError(error, ': ')}`);
    return null;
  }
}

function printRunning({ settings, generated }: LoadedSettings<typeof stackSettings>, { site, publishing, directus }: Started, preview: RunningPreviewServer | null): void {
  log('');
  log('tapbot.kz knowledge base is running.');
  log(`  Public site      ${site.url}/`);
  log(`  Publisher        ${publishing.server.url}/status`);
  if (preview) log(`  Preview          ${previewUrlOf(settings)}/preview/ (the admin app's preview button opens drafts there)`);
  log(`  Directus admin   ${settings.PUBLIC_URL}/admin`);
  log(`  API              ${directus.url}`);
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
}

await runCli('start', async () => {
  const loaded = await loadSettings(stackSettings, { generate: true });
  if (loaded.created) log('Created .env from .env.example.');
  const { settings } = loaded;
  const processEnv = await prepareDirectus(settings, loaded.raw);

  const closers = createClosers(log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the preview, Directus, the site and the publisher…`);
    await closers.closeAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let started: Started;
  let preview: RunningPreviewServer | null;
  try {
    started = await startServices(settings, processEnv, closers);
    await fillDirectus(settings, started.directus.url);
    await firstBuild(started.publishing);
    preview = await startPreview(settings, closers);
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
  printRunning(loaded, started, preview);
  // Runs until Ctrl-C or SIGTERM (stop above); a crashed Directus is the supervisor's to restart.
});
