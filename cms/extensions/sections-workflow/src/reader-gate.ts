import type { Accountability } from '@directus/types';
import { systemCollectionNames } from '@directus/system-data';
import { checkReaderItemsQuery, checkReaderRequest, type ItemsQuery } from '../../../../core/site-reader-queries.js';
import { actorFrom } from './actor.js';
import { refusalError } from './errors.js';

/** The few parts of Express's request the gate reads (Directus has set `accountability` by then). */
interface GateRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  accountability?: Accountability | null;
}
type Next = (error?: unknown) => void;
interface App {
  use(handler: (req: GateRequest, res: unknown, next: Next) => void): void;
}

type Filter = <T>(event: string, handler: (payload: T, meta: Record<string, unknown>, context: { accountability: Accountability | null }) => T) => void;
type Init = (event: string, handler: (meta: { app: App }) => void) => void;

/** Every event Directus's item services emit before a read: user collections, then each system one. */
export const QUERY_EVENTS: readonly string[] = ['items.query', ...systemCollectionNames.map((c) => `${c.slice('directus_'.length)}.query`)];

/**
 * The site's token may make only the requests core/site-reader-queries.ts declares. Checked twice:
 * on the request, after Directus has authenticated it and before any route (REST, GraphQL, utils,
 * server, schema…), and again in the item services of every collection, for reads that reach them
 * some other way (websockets, flows, a route added later).
 */
export function registerReaderGate({ filter, init }: { filter: Filter; init: Init }): void {
  init('routes.before', ({ app }) => {
    app.use((req, _res, next) => {
      if (actorFrom(req.accountability).kind !== 'reader') return next();
      const refusal = checkReaderRequest({ method: req.method, path: req.path, query: req.query ?? {} });
      next(refusal ? refusalError(refusal) : undefined);
    });
  });
  for (const event of QUERY_EVENTS) {
    filter<ItemsQuery>(event, (query, meta, context) => {
      const actor = actorFrom(context.accountability);
      if (actor.kind !== 'reader') return query;
      const refusal = checkReaderItemsQuery(String(meta.collection), query, actor.userId);
      if (refusal) throw refusalError(refusal);
      return query;
    });
  }
}
