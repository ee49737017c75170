import type { Accountability } from '@directus/types';
import { systemCollectionNames } from '@directus/system-data';
import { checkReaderItemsQuery, checkReaderRequest, type ItemsQuery } from '../../../../core/site-reader-queries.js';
import { checkEditorItemsQuery, checkEditorRequest } from '../../../../core/query-doors.js';
import { checkAnonymousRequest } from '../../../../core/anonymous-requests.js';
import { actorFrom } from './actor.js';
import { refusalError } from './errors.js';

/** The few parts of Express's request the gate reads (Directus has set `accountability` by then). */
interface GateRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
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

/** Admins and Directus's own calls (no accountability) query freely; everyone else is checked. */
const unchecked = new Set(['admin', 'system']);

/**
 * Which queries an account may make, checked twice: on the request, after Directus has
 * authenticated it and before any route (REST, GraphQL, utils, server, schema…), and again in the
 * item services of every collection, for reads that reach them some other way (GraphQL,
 * websockets, flows, a route added later).
 *
 * - The site's token: only the requests core/site-reader-queries.ts declares.
 * - Without a login: none of the doors core/anonymous-requests.ts closes (CPU-heavy utils).
 * - Every other account but the admin: no `$FOLLOW` filter and no filter, sort or group on another's
 *   IP address or user agent (core/query-doors.ts), so no query crosses a permission boundary.
 */
export function registerQueryGates({ filter, init }: { filter: Filter; init: Init }): void {
  init('routes.before', ({ app }) => {
    app.use((req, _res, next) => {
      const kind = actorFrom(req.accountability).kind;
      if (unchecked.has(kind)) return next();
      // Without a login: none of Directus's CPU-heavy utilities either.
      const anonymous = kind === 'anonymous' ? checkAnonymousRequest(req.path) : null;
      if (anonymous) return next(refusalError(anonymous));
      const query = req.query ?? {};
      const refusal = kind === 'reader' ? checkReaderRequest({ method: req.method, path: req.path, query }) : checkEditorRequest({ path: req.path, query, body: req.body });
      next(refusal ? refusalError(refusal) : undefined);
    });
  });
  for (const event of QUERY_EVENTS) {
    filter<ItemsQuery>(event, (query, meta, context) => {
      const actor = actorFrom(context.accountability);
      if (unchecked.has(actor.kind)) return query;
      const refusal = actor.kind === 'reader' ? checkReaderItemsQuery(String(meta.collection), query, actor.userId) : checkEditorItemsQuery(String(meta.collection), query);
      if (refusal) throw refusalError(refusal);
      return query;
    });
  }
}
