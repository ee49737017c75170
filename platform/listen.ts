import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KbError } from '../core/errors.js';

export interface Listening {
  /** `http://host:port`, with the port the system chose when 0 was asked for. */
  url: string;
  server: Server;
  /** Stops taking requests and drops open connections (keep-alive ones too). */
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** What listens, for the message: `the publisher`, `the site`. */
  what: string;
  /** The setting that moves it elsewhere (`PUBLISHER_PORT`). */
  portSetting: string;
}

/** The one way the project's HTTP servers start listening, and refuse a taken port with a hint. */
export async function listen(server: Server, { host, port, what, portSetting }: ListenOptions): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new KbError('conflict', `Cannot serve ${what} on ${host}:${port}`, { why: 'the port is in use', hint: `Stop what runs there or set ${portSetting} in .env.`, cause: error })
          : new KbError('failed', `Cannot serve ${what} on ${host}:${port}`, { why: error.message, cause: error }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
