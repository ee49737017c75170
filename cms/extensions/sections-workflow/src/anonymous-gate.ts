import type { Accountability } from '@directus/types';
import { checkAnonymousRequest } from '../../../../core/anonymous-requests.js';
import { actorFrom } from './actor.js';
import { refusalError } from './errors.js';

interface GateRequest {
  path: string;
  accountability?: Accountability | null;
}
type Next = (error?: unknown) => void;
type Init = (event: string, handler: (meta: { app: { use(handler: (req: GateRequest, res: unknown, next: Next) => void): void } }) => void) => void;

/** Requests without a login never reach the doors core/anonymous-requests.ts closes (CPU-heavy utils). */
export function registerAnonymousGate({ init }: { init: Init }): void {
  init('routes.before', ({ app }) => {
    app.use((req, _res, next) => {
      if (actorFrom(req.accountability).kind !== 'anonymous') return next();
      const refusal = checkAnonymousRequest(req.path);
      next(refusal ? refusalError(refusal) : undefined);
    });
  });
}
