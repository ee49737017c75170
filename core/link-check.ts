import { anchorFor, headingAnchors } from './heading-anchors.js';
import { markdownLinks, parseSectionHref, SECTION_LINK_PREFIX } from './section-links.js';
import { pagePaths, servablePath, sourcePagePath, type PathItem } from './page-path.js';
import { buildTree } from './tree.js';

/**
 * Every internal link and anchor of every shown body, checked against the pages the site has.
 * Pure: the build, the publisher, `npm run report -- --links` and the dashboard's roll-up give it
 * the same pages and so list the same broken links.
 */

export interface LinkCheckPage {
  code: string;
  title: string;
  /** The page's path on the site (`/02-infrastruktura/02-01-servers/`); relative links resolve from it. */
  path: string;
  /** Codes the section had before a move: `/c/<old code>/` still leads to it. */
  previousCodes?: readonly string[];
  /** Paths it had before (a move, a rename, the catalog it came from): the site redirects them to it. */
  oldPaths?: readonly string[];
  /** The text the site shows, or null when it shows none (not published): not checked, no anchors. */
  body: string | null;
  /** The ids of its headings as the page has them; computed from the body when not given. */
  anchors?: readonly string[];
}

export interface LinkCheckInput {
  /** In reading order: the broken links come out in this order, then by line. */
  pages: readonly LinkCheckPage[];
  /** Site paths that are not section pages (`/status/`, `/guide/`): valid targets without anchors to check. */
  otherPaths?: Iterable<string>;
  /** Every path under these is a page (`/owners/`: one per person): valid targets too. */
  otherPrefixes?: Iterable<string>;
}

/**
 * The site's pages besides the sections' (site/src/lib/site-routes.ts makes them; its test checks
 * that this covers every one): the fixed ones, and the folders of boards and owners.
 */
export const SITE_PAGES_BESIDES_SECTIONS = {
  otherPaths: ['/', '/sections/', '/status/', '/owners/', '/search/', '/guide/', '/404/', '/sitemap.xml', '/rss.xml', '/robots.txt', '/llms.txt', '/llms-full.txt'],
  otherPrefixes: ['/status/', '/owners/', '/pagefind/'],
} as const;

/**
 * - `no-section`: `/c/<code>/` names a code no section has, nor had;
 * - `no-page`: a path (absolute or relative) that is no page of the site;
 * - `no-anchor`: the page exists, no heading of it has that anchor;
 * - `unpublished`: an anchor into a page whose text is not published, so the anchor is not there yet.
 */
export type BrokenLinkReason = 'no-section' | 'no-page' | 'no-anchor' | 'unpublished';

export interface BrokenLink {
  /** The section whose body has the link. */
  code: string;
  title: string;
  /** The line of the body (1-based) the link is written on. */
  line: number;
  /** The href as written in the body. */
  target: string;
  reason: BrokenLinkReason;
  /** The section the link reached, when it reached one (`no-anchor`, `unpublished`). */
  targetCode: string | null;
}

/** Where the workflow hook keeps the broken links for the CTO's dashboard (migration 0015). */
export const BROKEN_LINKS_COLLECTION = 'broken_links';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const ORIGIN = 'https://kb.invalid';

/** `/a/b`, `/a/b/index.html` → `/a/b/`: how a static server answers them (`index.md` is the page as markdown). */
function pageKey(pathname: string): string {
  if (pathname.endsWith('/index.html')) return pathname.slice(0, -'index.html'.length);
  if (pathname.endsWith('/index.md')) return pathname.slice(0, -'index.md'.length);
  // The catalog's own links (`…/06-06-monitoring/README.md`, `…/02-01-y.md`): the site answers them
  // with the folder's page (deploy/nginx.conf @catalog-article, the same rule).
  const article = /^(\/.+?)(\/readme|\/_index)?\.md$/i.exec(pathname);
  if (article) return `${article[1]}/`;
  if (pathname.endsWith('/')) return pathname;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return last.includes('.') ? pathname : `${pathname}/`;
}

function decodePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

type Resolved = { kind: 'external' } | { kind: 'page'; page: LinkCheckPage; anchor: string | null } | { kind: 'other' } | { kind: 'broken'; reason: 'no-section' | 'no-page' };

export function checkLinks({ pages, otherPaths = [], otherPrefixes = [] }: LinkCheckInput): BrokenLink[] {
  const byCode = new Map<string, LinkCheckPage>();
  // Previous codes first, so a code now in use by another section leads to that section (as /c/ does).
  for (const page of pages) for (const old of page.previousCodes ?? []) byCode.set(old, page);
  for (const page of pages) byCode.set(page.code, page);
  const byPath = new Map(pages.map((page) => [page.path, page]));
  // An old address redirects (with its anchor) unless a page is there now; the first claim wins.
  for (const page of pages) for (const old of page.oldPaths ?? []) if (!byPath.has(old)) byPath.set(old, page);
  const others = new Set([...otherPaths].map(pageKey));
  const prefixes = [...otherPrefixes];
  const anchorCache = new Map<LinkCheckPage, ReadonlySet<string> | null>();
  const anchorsOf = (page: LinkCheckPage): ReadonlySet<string> | null => {
    if (page.body === null) return null;
    let anchors = anchorCache.get(page);
    if (anchors === undefined) {
      anchors = new Set(page.anchors ?? headingAnchors(page.body));
      anchorCache.set(page, anchors);
    }
    return anchors;
  };

  const resolve = (from: LinkCheckPage, href: string): Resolved => {
    const trimmed = href.trim();
    if (trimmed === '' || SCHEME.test(trimmed) || trimmed.startsWith('//')) return { kind: 'external' };
    const hash = trimmed.indexOf('#');
    const rawAnchor = hash === -1 ? null : trimmed.slice(hash + 1);
    const anchor = rawAnchor === '' ? null : rawAnchor;
    if (hash === 0) return { kind: 'page', page: from, anchor };
    let pathname: string;
    try {
      pathname = decodePath(new URL(trimmed, `${ORIGIN}${from.path}`).pathname);
    } catch {
      return { kind: 'broken', reason: 'no-page' };
    }
    if (pathname.startsWith(SECTION_LINK_PREFIX)) {
      const link = parseSectionHref(pathname);
      const page = link ? byCode.get(link.code) : undefined;
      return page ? { kind: 'page', page, anchor } : { kind: 'broken', reason: 'no-section' };
    }
    const key = pageKey(pathname);
    const page = byPath.get(key);
    if (page) return { kind: 'page', page, anchor };
    return others.has(key) || prefixes.some((prefix) => key.startsWith(prefix)) ? { kind: 'other' } : { kind: 'broken', reason: 'no-page' };
  };

  const broken: BrokenLink[] = [];
  for (const from of pages) {
    if (from.body === null) continue;
    for (const { href, line, image } of markdownLinks(from.body)) {
      // Images are files, not pages: whether a file exists is not this check's to say.
      if (image) continue;
      const found = resolve(from, href);
      const report = (reason: BrokenLinkReason, targetCode: string | null) => broken.push({ code: from.code, title: from.title, line, target: href, reason, targetCode });
      if (found.kind === 'broken') report(found.reason, null);
      else if (found.kind === 'page' && found.anchor !== null) {
        const anchors = anchorsOf(found.page);
        if (anchors === null) report('unpublished', found.page.code);
        else if (!anchors.has(anchorFor(found.anchor)) && !anchors.has(found.anchor)) report('no-anchor', found.page.code);
      }
    }
  }
  return broken;
}

/** What the site-wide check reads of a section (the API's record, or a database row). */
export interface LinkSource extends PathItem {
  code: string;
  status: string;
  body: string | null;
  previous_codes: readonly string[] | null;
  previous_paths?: readonly string[] | null;
  source?: string | null;
}

/**
 * The broken links of the site these sections make: the pages at core's paths, published texts
 * checked, the site's other pages known. The build, the publisher, the report and the dashboard's
 * roll-up all call this; `anchorsOf` gives the ids a body was rendered with, when known.
 */
export function checkSectionLinks<T extends LinkSource>(sections: readonly T[], anchorsOf?: (section: T) => readonly string[] | undefined): BrokenLink[] {
  const tree = buildTree(sections);
  const pages: LinkCheckPage[] = [];
  // In reading order (depth first, code order), as the site places its pages (core/page-path.ts).
  for (const [id, { path }] of pagePaths(tree)) {
    const section = tree.byId.get(id) as T;
    const body = section.status === 'published' ? (section.body ?? '') : null;
    const anchors = body === null ? undefined : anchorsOf?.(section);
    const oldPaths = [sourcePagePath(section.source), ...(section.previous_paths ?? []).map(servablePath)].filter((p): p is string => p !== null);
    pages.push({ code: section.code, title: section.title, path, previousCodes: section.previous_codes ?? [], oldPaths, body, ...(anchors ? { anchors } : {}) });
  }
  return checkLinks({ pages, ...SITE_PAGES_BESIDES_SECTIONS });
}

const REASON_TEXT: Record<BrokenLinkReason, (link: BrokenLink) => string> = {
  'no-section': () => 'нет раздела с таким кодом',
  'no-page': () => 'нет такой страницы на сайте',
  'no-anchor': (link) => `в разделе ${link.targetCode ?? ''} нет заголовка с таким якорем`,
  unpublished: (link) => `раздел ${link.targetCode ?? ''} не опубликован, его заголовков на сайте нет`,
};

/** Why the link is broken, for people: `нет раздела с таким кодом`. */
export function brokenLinkReason(link: BrokenLink): string {
  return REASON_TEXT[link.reason](link);
}

/** One line per broken link: `02.01 «Серверы», строка 12: /c/02.09/ — нет раздела с таким кодом`. */
export function describeBrokenLink(link: BrokenLink): string {
  return `${link.code} «${link.title}», строка ${link.line}: ${link.target} — ${brokenLinkReason(link)}`;
}
