import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { devNull } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { KbError } from '../../core/errors.js';
import { runNode } from '../../platform/child-process.js';
import { DIRECTUS_DEFAULTS, type RawSettings } from '../../platform/settings/schema.js';

const require = createRequire(import.meta.url);
// Run Directus's CLI entry directly: the `directus` bin first asks the registry for updates,
// which would make every start (and every test) depend on the network.
const directusCli = require.resolve('@directus/api/cli/run.js');

const PATH_KEYS = ['DB_FILENAME', 'EXTENSIONS_PATH', 'STORAGE_LOCAL_ROOT'] as const;

/**
 * The environment a Directus child process gets: the project's settings with relative paths made
 * absolute, empty values dropped (Directus treats `KEY=` as a value), and CONFIG_PATH pointed at
 * nothing so Directus never reads a `.env` of its own that could override what we pass; the
 * project's defaults for Directus's own settings (the rate limiter on) where none is given.
 */
export function directusProcessEnv(settings: RawSettings, baseDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined && value !== '') env[key] = value;
  }
  for (const key of PATH_KEYS) {
    const value = env[key];
    if (value && !isAbsolute(value)) env[key] = resolve(baseDir, value);
  }
  for (const [key, value] of Object.entries(DIRECTUS_DEFAULTS)) env[key] ??= value;
  env.CONFIG_PATH = devNull;
  env.EXTENSIONS_AUTO_RELOAD = 'false';
  env.TELEMETRY ??= 'false';
  return env;
}

/**
 * Creates Directus's system tables and the first admin on an empty database; on an existing one it
 * only applies Directus's own pending system migrations, so it is safe on every start.
 */
export async function bootstrapDirectus(env: Record<string, string>, cwd: string): Promise<void> {
  await runNode(directusCli, ['bootstrap'], { what: '`directus bootstrap`', env, cwd });
}

export interface RunningDirectus {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed, kept for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string>;
  cwd: string;
  url: string;
  onOutput?: (chunk: string) => void;
  timeoutMs?: number;
}

/** Fails fast when something already listens where Directus should: it would answer in its place. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolveFree, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new KbError('conflict', `Port ${port} on ${host} is already in use (${error.code})`, {
          why: 'another Directus, perhaps an earlier `npm start`, is still running',
          hint: 'Stop it, or set PORT in .env to a free port.',
          cause: error,
        }),
      ),
    );
    server.listen(port, host, () => server.close(() => resolveFree()));
  });
}

export async function startDirectus({ env, cwd, url, onOutput, timeoutMs = 60_000 }: StartOptions): Promise<RunningDirectus> {
  const { hostname, port } = new URL(url);
  await assertPortFree(hostname, Number(port));
  const child = spawn(process.execPath, [directusCli, 'start'], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  // Directus must not outlive whoever started it (a test run, `npm start`).
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killTimer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const early = await Promise.race([exited.then((code) => ({ code })), delay(250).then(() => null)]);
    if (early) {
      throw new KbError('failed', `Directus exited with code ${early.code} while starting`, { why: `\n${output.trim()}` });
    }
    if (await isUp(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new KbError('failed', `Directus did not answer ${url}/server/ping within ${timeoutMs / 1000} s`, { why: `\n${output.trim()}` });
    }
  }
  return { url, child, output: () => output, stop };
}

async function isUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/server/ping`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
