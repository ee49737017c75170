import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';
import { listen, type Listening } from '../platform/listen.js';

// Why not sirv (or serve-static): their fast mode indexes one folder when the handler is made, while
// a release goes live by swapping the `live` symlink and every request must resolve it afresh (one
// response, one build); their per-request mode marks everything uncacheable; and neither compresses
// on the fly. What is left by hand is this table, an ETag and a gzip stream.
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.svg']);

export interface StaticServerOptions {
  /** The folder to serve; a symlink (a release's `live`) is followed afresh for every request. */
  rootDir: string;
  host: string;
  port: number;
}

export type RunningStaticServer = Listening;

function cacheControl(path: string): string {
  // Astro's hashed assets never change under one name; pages must be revalidated to go live at once.
  if (path.includes(`${sep}_astro${sep}`)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function fileFor(base: string, urlPath: string): Promise<{ path: string; size: number; mtimeMs: number } | 'redirect' | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const path = normalize(join(base, decoded));
  if (path !== base && !path.startsWith(base + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return { path, size: info.size, mtimeMs: info.mtimeMs };
  if (info?.isDirectory()) {
    if (!urlPath.endsWith('/')) return 'redirect';
    const index = join(path, 'index.html');
    const indexInfo = await stat(index).catch(() => null);
    return indexInfo?.isFile() ? { path: index, size: indexInfo.size, mtimeMs: indexInfo.mtimeMs } : null;
  }
  return null;
}

function send(request: IncomingMessage, response: ServerResponse, file: { path: string; size: number; mtimeMs: number }, status: number): void {
  const extension = extname(file.path).toLowerCase();
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': TYPES[extension] ?? 'application/octet-stream',
    'cache-control': cacheControl(file.path),
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  const gzip = COMPRESSIBLE.has(extension) && file.size > 1024 && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) {
    headers['content-encoding'] = 'gzip';
    headers.vary = 'Accept-Encoding';
  } else {
    headers['content-length'] = String(file.size);
  }
  response.writeHead(status, headers);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
}

/**
 * `/06-ops/06-06-monitoring/README.md` or `/02-x/02-01-y.md`, as the team's catalog links its
 * articles: the folder whose page (the article itself, or its old path's redirect page) answers
 * it. deploy/nginx.conf has the same rule.
 */
export const catalogArticleRule = /^(\/.+?)(\/readme|\/_index)?\.md$/i;

export function catalogArticleFolder(pathname: string): string | null {
  const match = catalogArticleRule.exec(pathname);
  return match ? (match[1] as string) : null;
}

async function handle(rootDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  // Resolved once per request, so every byte of one response comes from the same build.
  const base = await realpath(rootDir).catch(() => null);
  if (!base) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('Сайт ещё собирается: первая сборка не закончена. Обновите страницу через несколько секунд.\n');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const found = await fileFor(base, url.pathname);
  if (found === 'redirect') {
    response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
    return;
  }
  if (found) {
    send(request, response, found, 200);
    return;
  }
  const folder = catalogArticleFolder(url.pathname);
  if (folder !== null && (await fileFor(base, `${folder}/`)) !== null) {
    response.writeHead(301, { location: `${folder}/` }).end();
    return;
  }
  const notFound = await fileFor(base, '/404.html');
  if (notFound && notFound !== 'redirect') send(request, response, notFound, 404);
  else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

/** Serves the built site; the reference deployment uses nginx for the same folder (docker-compose.yml). */
export async function startStaticServer({ rootDir, host, port }: StaticServerOptions): Promise<RunningStaticServer> {
  const server = createServer((request, response) => {
    handle(rootDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  return listen(server, { host, port, what: 'the site', portSetting: 'SITE_PORT' });
}
