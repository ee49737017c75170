import { defineMiddleware } from 'astro:middleware';
import type { PreviewLocals } from '../../src/lib/preview-auth.js';

/**
 * Every preview response: never cached, never indexed, embeddable only by the admin app; links to
 * other pages of the site (breadcrumbs, children, previous/next) point at the public site.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const locals = context.locals as PreviewLocals;
  const response = await next();
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Robots-Tag', 'noindex, nofollow');
  headers.set('Content-Security-Policy', `frame-ancestors 'self' ${new URL(locals.directusPublicUrl).origin}`);
  headers.set('Referrer-Policy', 'same-origin');
  if (!(headers.get('content-type') ?? '').includes('text/html')) return new Response(response.body, { status: response.status, headers });
  const html = (await response.text()).replace(/href="\/(?!preview\/|\/)/g, `href="${locals.siteUrl}/`);
  headers.delete('content-length');
  return new Response(html, { status: response.status, headers });
});
