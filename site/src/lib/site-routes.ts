import { KbError } from '../../../core/errors.js';
import type { SiteModel, SitePerson, SiteSection } from './site-model.js';
import { boardFilters, type FilterKind, type FilterOption } from './status-board.js';

/**
 * Every page of the public site, defined once: the static build's getStaticPaths and the warm
 * renderer (site/renderer/site-renderer.ts) both read their lists from here, so the two can never
 * emit different sets of pages. Pages find their data from their params (never from props), so
 * the same page file works prerendered and rendered on demand.
 */

export interface SectionParams {
  path: string;
}
export interface OwnerParams {
  owner: string;
}
export interface BoardParams {
  kind: FilterKind;
  value: string;
}

export function sectionParams(model: SiteModel): SectionParams[] {
  return model.sections.map((section) => ({ path: section.path.slice(1, -1) }));
}

/** Published sections only: a draft has no markdown twin. */
export function markdownParams(model: SiteModel): SectionParams[] {
  return model.sections.filter((section) => section.published).map((section) => ({ path: section.path.slice(1, -1) }));
}

export function ownerParams(model: SiteModel): OwnerParams[] {
  return model.owners.map((owner) => ({ owner: owner.slug }));
}

export function boardParams(model: SiteModel): BoardParams[] {
  const filters = boardFilters(model);
  return [...filters.status, ...filters.owner, ...filters.chapter].map((option) => ({ kind: option.kind, value: option.value }));
}

// A page asking for something the data does not have is a bug in a route list, never a reader's 404:
// `not-found` fails the build that rendered it.

/** The route parameters a page receives: the ones its list emits, or anything a request asks for. */
type Asked<P> = Partial<Record<keyof P, string>>;

export function sectionAt(model: SiteModel, params: Asked<SectionParams>): SiteSection {
  const section = model.byPath.get(`/${params.path ?? ''}/`);
  if (!section) throw new KbError('not-found', `No section has the page path /${params.path ?? ''}/`);
  return section;
}

export function markdownAt(model: SiteModel, params: Asked<SectionParams>): SiteSection {
  const section = sectionAt(model, params);
  if (!section.published) throw new KbError('not-found', `${section.code} is not published and has no markdown page`);
  return section;
}

export function ownerAt(model: SiteModel, params: Asked<OwnerParams>): SitePerson {
  const owner = model.owners.find((o) => o.slug === params.owner);
  if (!owner) throw new KbError('not-found', `No owner has the page /owners/${params.owner ?? ''}/`);
  return owner;
}

export function boardFilterAt(model: SiteModel, params: Asked<BoardParams>): FilterOption {
  const filters = boardFilters(model);
  const kind = params.kind as FilterKind;
  const option = (filters[kind] ?? []).find((o) => o.value === params.value);
  if (!option) throw new KbError('not-found', `No status board filter ${params.kind ?? ''}=${params.value ?? ''}`);
  return option;
}

export interface SiteRoute {
  /** The page file, as Astro names a route's component. */
  component: string;
  /** The URL paths this page file emits. */
  paths(model: SiteModel): string[];
  /** Its pages carry `data-pagefind-body`: the search index is made from them alone. */
  searchable?: boolean;
  /** The HTTP status Astro renders it with on demand (the not-found page's own is 404). */
  status?: number;
  /**
   * The address the renderer asks Astro for, when it is not the path. Astro matches a dynamic
   * endpoint with a file extension (`[...path]/index.md`) under `trailingSlash: 'always'` only
   * with the slash added; the static build names its file from getStaticPaths and needs none.
   */
  request?: (path: string) => string;
}

/** Every page file under src/pages and what it emits; a page file missing here fails the renderer's start. */
export const SITE_ROUTES: readonly SiteRoute[] = [
  { component: 'src/pages/index.astro', paths: () => ['/'] },
  { component: 'src/pages/[...path].astro', paths: (model) => sectionParams(model).map((p) => `/${p.path}/`), searchable: true },
  { component: 'src/pages/sections.astro', paths: () => ['/sections/'] },
  { component: 'src/pages/status/index.astro', paths: () => ['/status/'] },
  { component: 'src/pages/status/[kind]/[value].astro', paths: (model) => boardParams(model).map((p) => `/status/${p.kind}/${p.value}/`) },
  { component: 'src/pages/owners/index.astro', paths: () => ['/owners/'] },
  { component: 'src/pages/owners/[owner].astro', paths: (model) => ownerParams(model).map((p) => `/owners/${p.owner}/`) },
  { component: 'src/pages/search.astro', paths: () => ['/search/'] },
  { component: 'src/pages/guide.mdx', paths: () => ['/guide/'], searchable: true },
  { component: 'src/pages/404.astro', paths: () => ['/404/'], status: 404 },
  { component: 'src/pages/sitemap.xml.ts', paths: () => ['/sitemap.xml'] },
  { component: 'src/pages/rss.xml.ts', paths: () => ['/rss.xml'] },
  { component: 'src/pages/robots.txt.ts', paths: () => ['/robots.txt'] },
  { component: 'src/pages/llms.txt.ts', paths: () => ['/llms.txt'] },
  { component: 'src/pages/llms-full.txt.ts', paths: () => ['/llms-full.txt'] },
  { component: 'src/pages/[...path]/index.md.ts', paths: (model) => markdownParams(model).map((p) => `/${p.path}/index.md`), request: (path) => `${path}/` },
];

/** The file a URL path is written to, as the static build names it (`build.format: 'directory'`). */
export function outputFile(path: string): string {
  if (path === '/404/') return '404.html';
  if (path.endsWith('/')) return `${path.slice(1)}index.html`;
  return path.slice(1);
}

export interface SitePage {
  component: string;
  path: string;
  /** What the renderer requests from Astro (SiteRoute.request); usually the path. */
  request: string;
  file: string;
  status: number;
}

/** Every page the site has for this model, in route order. */
export function sitePages(model: SiteModel): SitePage[] {
  return SITE_ROUTES.flatMap((route) => route.paths(model).map((path) => ({ component: route.component, path, request: route.request?.(path) ?? path, file: outputFile(path), status: route.status ?? 200 })));
}

/**
 * The files Pagefind has to read, as a glob over the site folder: every folder that holds a
 * searchable page (sections live under their chapter's folder). Pagefind skips pages without
 * `data-pagefind-body` anyway; not reading the boards and owner pages (a third of the HTML)
 * saves its time. The static build still scans everything, and the renderer's test compares the
 * two indexes byte for byte, so a searchable page missing here cannot go unnoticed.
 */
export function searchIndexGlob(model: SiteModel): string {
  const folders = new Set<string>();
  for (const route of SITE_ROUTES) {
    if (!route.searchable) continue;
    for (const path of route.paths(model)) {
      const top = path.split('/')[1] ?? '';
      folders.add(top === '' ? 'index.html' : `${top}/**/*.html`);
    }
  }
  return `{${[...folders].sort().join(',')}}`;
}
