import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withAstroBuildLock } from '../build/astro-lock.js';
import { listen } from '../../platform/listen.js';
import { repoRoot } from '../../platform/paths.js';
import type { PreviewLocals } from '../src/lib/preview-auth.js';

const require = createRequire(import.meta.url);
const astroCli = join(dirname(require.resolve('astro/package.json')), 'astro.js');
const siteRoot = join(repoRoot, 'site');
export const previewBundleDir = join(siteRoot, 'preview-dist');
const STAMP = join(previewBundleDir, '.sources-mtime');
// What the preview renders with: when any of it is newer than the bundle, the bundle is rebuilt.
const SOURCES = [join(siteRoot, 'src'), join(siteRoot, 'preview/src'), join(siteRoot, 'astro.preview.config.mjs'), join(repoRoot, 'core'), join(repoRoot, 'platform')];

type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void, locals: PreviewLocals) => Promise<void>;

async function newestMtime(paths: readonly string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true, recursive: true });
      for (const entry of entries) {
        if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
      }
    } else newest = Math.max(newest, info.mtimeMs);
  }
  return Math.floor(newest);
}

/** Builds the preview's server bundle (Astro, node adapter) unless it is up to date with its sources. */
export async function buildPreviewBundle(log: (line: string) => void = () => {}): Promise<void> {
  const sources = await newestMtime(SOURCES);
  const built = await readFile(STAMP, 'utf8').then(Number, () => 0);
  if (built >= sources && (await stat(join(previewBundleDir, 'server/entry.mjs')).catch(() => null))) return;
  log('Building the preview renderer…');
  await withAstroBuildLock(() => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build', '--root', siteRoot, '--config', 'astro.preview.config.mjs'], {
      cwd: siteRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The preview renderer did not build (exit code ${code}):\n${output.trim()}`))));
  }));
  await writeFile(STAMP, String(sources));
}

export interface PreviewServerOptions extends PreviewLocals {
  host?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface RunningPreviewServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The editors' preview on its own port: `/preview/<id>?version=<key>` renders a section (or a
 * content version of it) with the public page's components, read with the editor's token.
 */
export async function startPreviewServer({ host = '127.0.0.1', port = 4323, log = () => {}, ...locals }: PreviewServerOptions): Promise<RunningPreviewServer> {
  await buildPreviewBundle(log);
  const entry = pathToFileURL(join(previewBundleDir, 'server/entry.mjs'));
  entry.search = `?v=${Date.now()}`;
  const { handler } = (await import(entry.href)) as { handler: Handler };
  const server: Server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/preview')) {
      res.writeHead(302, { Location: '/preview/' }).end();
      return;
    }
    void handler(req, res, () => {
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Нет такой страницы');
    }, locals);
  });
  const listening = await listen(server, { host, port, what: 'the preview', portSetting: 'PREVIEW_PORT' });
  log(`Preview server on ${listening.url}/preview/`);
  return listening;
}
