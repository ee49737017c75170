/** Cookie names and the shape of what the preview server hands to its pages (Astro.locals). */
export const ACCESS_COOKIE = 'kb_preview_access';
export const REFRESH_COOKIE = 'kb_preview_refresh';
export const COOKIE_PATH = '/preview';

export interface PreviewLocals {
  /** Where the preview server reaches Directus. */
  directusUrl: string;
  /** Directus's public address (edit links, the frame-ancestors of the admin app). */
  directusPublicUrl: string;
  /** The public site's address: links from a preview to other pages go there. */
  siteUrl: string;
}

/** Only a same-server path may follow a login, so the form cannot send people elsewhere. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/preview\/[A-Za-z0-9-]+(\?[A-Za-z0-9=&%._-]*)?$/.test(next) ? next : '/preview/';
}
