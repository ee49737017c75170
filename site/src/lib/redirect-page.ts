import { escapeXml } from './format.js';
import type { SiteModel } from './site-model.js';

/**
 * `/c/<code>/`: how bodies and people cite a section; it outlives moves (previous codes too). A
 * meta refresh for every browser, a canonical link for crawlers, and one line of script so an
 * `#anchor` survives the hop (meta refresh drops it).
 */
export function redirectPageHtml(code: string, path: string, siteUrl: string): string {
  const href = escapeXml(path);
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Раздел ${escapeXml(code)}</title><meta name="robots" content="noindex"><link rel="canonical" href="${escapeXml(siteUrl.replace(/\/+$/, '') + path)}"><meta http-equiv="refresh" content="0; url=${href}"><script>location.replace(${JSON.stringify(path).replace(/</g, '\\u003c')}+location.hash)</script></head><body><p>Раздел ${escapeXml(code)} находится по адресу <a href="${href}">${href}</a>.</p></body></html>\n`;
}

/**
 * Every `/c/<code>/` page of the site. Written by the build itself rather than as Astro pages: one
 * tiny page per code, and neither Astro nor the search index needs to see them.
 */
export function redirectPages(model: SiteModel): { file: string; html: string }[] {
  return [...model.redirects].map(([code, path]) => ({ file: `c/${code}/index.html`, html: redirectPageHtml(code, path, model.siteUrl) }));
}
