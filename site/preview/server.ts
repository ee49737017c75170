import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { astroBuild, buildUnlessUpToDate, siteRoot } from '../build/astro-build.js';
import { recordDigest, recordedDigest, sourcesDigest } from '../../platform/sources-digest.js';
import { listen } from '../../platform/listen.js';
import { repoRoot } from '../../platform/paths.js';
import type { PreviewLocals } from '../src/lib/preview-auth.js';

export const previewBundleDir = join(siteRoot, 'preview-dist');
const STAMP = join(previewBundleDir, '.sources-digest');
// What the preview renders with; the lock file stands for the versions of Astro and the libraries.
const SOURCES = ['site/src', 'site/preview/src', 'site/astro.preview.config.mjs', 'core', 'platform', 'package-lock.json'];

type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void, locals: PreviewLocals) => Promise<void>;

/** Builds the preview's server bundle (Astro, node adapter) unless it was built from the same sources. */
export async function buildPreviewBundle(log: (line: string) => void = () => {}): Promise<void> {
  const digest = await sourcesDigest(repoRoot, SOURCES);
  const fresh = async () => (await recordedDigest(STAMP)) === digest && (await stat(join(previewBundleDir, 'server/entry.mjs')).catch(() => null)) !== null;
  await buildUnlessUpToDate(fresh, async () => {
    log('Building the preview renderer…');
    await astroBuild({ what: 'The preview renderer build', config: 'astro.preview.config.mjs' });
    await recordDigest(STAMP, digest);
  });
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
