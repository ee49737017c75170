import type { MiddlewareHandler } from 'astro';
import { ERROR_LOCAL } from './error-local.js';

/**
 * Only in the renderer's bundle: a page that throws must fail the publish with its own message
 * (a malformed item, a bug), not turn into Astro's generic 500 page on the live site.
 */
export const onRequest: MiddlewareHandler = async (context, next) => {
  try {
    return await next();
  } catch (error) {
    // The first error is the cause; Astro may fail again rendering its own error page.
    (context.locals as unknown as Record<string, unknown>)[ERROR_LOCAL] ??= error;
    throw error;
  }
};
