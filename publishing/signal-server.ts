import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { publishSignalSchema, SIGNATURE_HEADER, verifySignature } from '../core/publish-signal.js';
import { listen, type Listening } from '../platform/listen.js';
import type { Publisher } from './publisher.js';
import { createReplayGuard } from './replay-guard.js';

const MAX_BODY = 1 << 20;

export interface PublisherServerOptions {
  publisher: Publisher;
  secret: string;
  host: string;
  port: number;
  now?: () => number;
  log?: (line: string) => void;
}

export type RunningPublisherServer = Listening;

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(`${JSON.stringify(value, null, 2)}\n`);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `POST /signal` takes a signed change signal from Directus; `GET /status` tells when the last
 * build ran, how long it took and whether it worked; `GET /health` is for the container check.
 */
export async function startPublisherServer({ publisher, secret, host, port, now = Date.now, log = () => {} }: PublisherServerOptions): Promise<RunningPublisherServer> {
  const replays = createReplayGuard({ now });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && path === '/health') return json(response, 200, { ok: true });
    if (request.method === 'GET' && path === '/status') return json(response, 200, await publisher.status());
    if (path !== '/signal') return json(response, 404, { error: 'Not found: POST /signal, GET /status, GET /health' });
    if (request.method !== 'POST') return json(response, 405, { error: 'POST a signed signal to /signal' });

    const body = await readBody(request);
    if (body === null) return json(response, 413, { error: `The signal is larger than ${MAX_BODY} bytes` });
    const header = request.headers[SIGNATURE_HEADER];
    const verdict = verifySignature(secret, body, Array.isArray(header) ? header[0] : header, now());
    if (!verdict.ok) {
      log(`Refused a signal from ${request.socket.remoteAddress}: ${verdict.reason}`);
      return json(response, 401, { error: `Signal refused: ${verdict.reason}. Directus and the publisher need the same PUBLISHER_SECRET.` });
    }
    if (!replays.firstTime(String(Array.isArray(header) ? header[0] : header))) {
      log(`Refused a signal from ${request.socket.remoteAddress}: it was already received (a replay)`);
      return json(response, 409, { error: 'Signal refused: this signed signal was already received; a signal is taken once' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json(response, 400, { error: 'The signal is not JSON' });
    }
    const signal = publishSignalSchema.safeParse(parsed);
    if (!signal.success) return json(response, 400, { error: `The signal does not have the expected shape: ${signal.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    publisher.signal(signal.data);
    return json(response, 202, { accepted: true });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  return listen(server, { host, port, what: 'the publisher', portSetting: 'PUBLISHER_PORT' });
}
