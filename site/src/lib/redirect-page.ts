import { escapeXml } from './format.js';
import type { SiteModel } from './site-model.js';

/**
 * `/c/<code>/`: how bodies and people cite a section; it outlives moves (previous codes too). A
 * meta refresh for every browser, a canonical link for crawlers, and one line of script so an
 * `#anchor` survives the hop (meta refresh drops it).
 */
export function redirectPageHtml(code: string, path: string, siteUrl: string): string {
  return redirectHtml(`Раздел ${code}`, `Раздел ${code} находится по адресу`, path, siteUrl);
}

/** An old page path (before a move or a rename, or the article's address in the team's catalog). */
export function movedPageHtml(oldPath: string, path: string, siteUrl: string): string {
  return redirectHtml('Страница переехала', `Страница ${oldPath} переехала по адресу`, path, siteUrl);
}

function redirectHtml(title: string, sentence: string, path: string, siteUrl: string): string {
  const href = escapeXml(path);
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><meta name="robots" content="noindex"><link rel="canonical" href="${escapeXml(siteUrl.replace(/\/+$/, '') + path)}"><meta http-equiv="refresh" content="0; url=${href}"><script>location.replace(${JSON.stringify(path).replace(/</g, '\\u003c')}+location.hash)</script></head><body><p>${escapeXml(sentence)} <a href="${href}">${href}</a>.</p></body></html>\n`;
}

/**
 * Every `/c/<code>/` page of the site. Written by the build itself rather than as Astro pages: one
 * tiny page per code, and neither Astro nor the search index needs to see them.
 */
export function redirectPages(model: SiteModel): { file: string; html: string }[] {
  return [...model.redirects].map(([code, path]) => ({ file: `c/${code}/index.html`, html: redirectPageHtml(code, path, model.siteUrl) }));
}

/** Where the build writes the old → new map the 404 page looks paths up in. */
export const OLD_PATHS_FILE = 'old-paths.json';

/**
 * A page at every old path (model.pathRedirects never holds a current page's path), and the same
 * map as JSON for the 404 page: a path a static host cannot answer with a page of its own
 * (`…/README.md`, no trailing slash) still lands where the page is now when JavaScript runs.
 */
export function movedPages(model: SiteModel): { file: string; html: string }[] {
  const pages = [...model.pathRedirects].map(([old, path]) => ({ file: `${old.slice(1)}index.html`, html: movedPageHtml(old, path, model.siteUrl) }));
  const map = Object.fromEntries([...model.pathRedirects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return [...pages, { file: OLD_PATHS_FILE, html: `${JSON.stringify(map)}\n` }];
}
