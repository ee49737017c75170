import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buildExtensionIfStale } from './lib/build-extension.js';
import { createCmsClient, loginForToken, type CmsClient } from './lib/cms-client.js';
import { bootstrapDirectus, directusProcessEnv, startDirectus, type RunningDirectus } from './lib/directus-process.js';
import { loadDotenv } from './lib/dotenv-file.js';
import { localDirectusUrl, parseKbEnv } from './lib/env.js';
import { importSeedIfEmpty } from './lib/import-seed.js';
import { repoRoot } from './lib/paths.js';
import { provision } from './lib/provision.js';
import { runCli } from './lib/run-cli.js';

await runCli('start', async () => {
  const log = (line: string) => console.log(line);
  const { raw, created, generated } = await loadDotenv(join(repoRoot, '.env'), join(repoRoot, '.env.example'));
  if (created) log('Created .env from .env.example.');
  const env = parseKbEnv(raw, '.env');

  await buildExtensionIfStale(log);
  if (env.DB_CLIENT === 'sqlite3' && env.DB_FILENAME) await mkdir(dirname(resolve(repoRoot, env.DB_FILENAME)), { recursive: true });
  await mkdir(resolve(repoRoot, env.STORAGE_LOCAL_ROOT), { recursive: true });

  const processEnv = directusProcessEnv(raw, repoRoot);
  log(`Preparing the ${env.DB_CLIENT === 'pg' ? 'PostgreSQL' : 'SQLite'} database…`);
  await bootstrapDirectus(processEnv, repoRoot);

  const url = localDirectusUrl(env);
  log(`Starting Directus on ${url}…`);
  const directus: RunningDirectus = await startDirectus({ env: processEnv, cwd: repoRoot, url });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping Directus…`);
    await directus.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let client: CmsClient;
  try {
    const token = await loginForToken(url, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    client = createCmsClient({ url, token });
    await provision({ client, env, log });
  } catch (error) {
    await directus.stop();
    throw error;
  }

  // Seed content: only into an empty knowledge base. A seed that fails to import leaves Directus
  // running (the schema and accounts are in place); the message says how to import it later.
  const seedPath = resolve(repoRoot, env.SEED_FILE);
  try {
    await importSeedIfEmpty({ client, path: seedPath, file: env.SEED_FILE, log });
  } catch (error) {
    log(`The seed was not imported: ${error instanceof Error ? error.message : String(error)}`);
    log(`Directus runs without content; after fixing it run \`npm run import -- ${env.SEED_FILE}\`.`);
  }

  log('');
  log('tapbot.kz knowledge base is running.');
  log(`  Directus admin   ${env.PUBLIC_URL}/admin`);
  log(`  API              ${url}`);
  log(`  Administrator    ${env.ADMIN_EMAIL}`);
  if (env.CTO_EMAIL) log(`  CTO              ${env.CTO_EMAIL}`);
  if (env.STUDENT_EMAIL) log(`  Student          ${env.STUDENT_EMAIL}`);
  if (Object.keys(generated).length > 0) {
    log('');
    log('Generated and saved to .env (shown this once):');
    for (const [key, value] of Object.entries(generated)) log(`  ${key.padEnd(18)} ${value}`);
  } else {
    log('  Passwords        in .env');
  }
  log('');
  log('Press Ctrl-C to stop.');

  const code = await new Promise<number | null>((resolveExit) => directus.child.on('exit', resolveExit));
  if (!stopping) throw new Error(`Directus stopped unexpectedly (exit code ${code}). Its last output:\n${directus.output().slice(-4000)}`);
});
