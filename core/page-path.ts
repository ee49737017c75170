import { parseSectionSource } from './section-source.js';
import { sectionPath, slugify, uniqueSlug } from './slug.js';
import type { Tree, TreeItem } from './tree.js';

/**
 * Where a section's page is on the site, said once: the site model places every page by it, and
 * the workflow hook computes by it the paths a move or a rename takes away (kept in
 * `previous_paths`, for redirects). A page path is the chain of its ancestors' segments
 * `<code with dashes>-<slug>`, the slug the stored one (or the title's) made unique among siblings
 * in code order: `/02-infrastructure/02-01-servers/`.
 */

export interface PathItem extends TreeItem {
  slug: string | null;
  title: string;
}

export interface PlacedPage {
  /** The slug the page uses: the stored one, cleaned, made unique among its siblings. */
  slug: string;
  path: string;
}

/** The slug a section asks for before its siblings are considered: the stored one, else its title's. */
export function wantedSlug(item: Pick<PathItem, 'slug' | 'title'>): string {
  return slugify(item.slug?.trim() || item.title);
}

/**
 * Every section reachable from a root, by id. A section without a code has no page (nor has its
 * subtree): the hook gives every section a code, so only broken data lacks one.
 */
export function pagePaths<T extends PathItem>(tree: Tree<T>): Map<string, PlacedPage> {
  const placed = new Map<string, PlacedPage>();
  const visit = (siblings: readonly T[], chain: readonly { code: string; slug: string }[]) => {
    const taken = new Set<string>();
    for (const item of siblings) {
      if (item.code === null || placed.has(item.id)) continue;
      const slug = uniqueSlug(wantedSlug(item), taken);
      taken.add(slug);
      const own = [...chain, { code: item.code, slug }];
      placed.set(item.id, { slug, path: sectionPath(own) });
      visit(tree.childrenOf(item.id), own);
    }
  };
  visit(tree.roots, []);
  return placed;
}

/** The section and its descendants with the paths they have in this tree. */
export function subtreePaths<T extends PathItem>(tree: Tree<T>, id: string): Map<string, string> {
  const all = pagePaths(tree);
  const paths = new Map<string, string>();
  for (const item of [tree.byId.get(id), ...tree.descendantsOf(id)]) {
    const path = item ? all.get(item.id)?.path : undefined;
    if (item && path !== undefined) paths.set(item.id, path);
  }
  return paths;
}

// A segment the site can serve as a folder name and a URL without escaping; anything else (spaces,
// Cyrillic, `..`) is not an address worth keeping, and could not be written safely as a file.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The site's own top-level folders: an old address never takes their place. */
const RESERVED_TOP = new Set(['c', '_astro', 'pagefind', 'status', 'owners', 'search', 'guide', 'sections', '404', 'old-paths.json']);

/** `/02-infra/02-01-servers/` as a path the site may answer with a redirect page, or null. */
export function servablePath(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0 || RESERVED_TOP.has(segments[0] as string)) return null;
  if (!segments.every((s) => SEGMENT.test(s) && !/^\.+$/.test(s) && !s.endsWith('.html'))) return null;
  return `/${segments.join('/')}/`;
}

/**
 * The address an imported article had in the team's catalog, from its `source`: the folder of a
 * README or `_index` (`./06-operations/06-06-monitoring/README.md` → `/06-operations/06-06-monitoring/`),
 * else the file without `.md` (`./02-x/02-01-y.md` → `/02-x/02-01-y/`). A numbered heading inside an
 * article (`…/README.md#anchor`) never had an address of its own, nor has the catalog's root README.
 */
export function sourcePagePath(source: string | null | undefined): string | null {
  const parsed = parseSectionSource(source);
  if (!parsed || parsed.anchor !== null) return null;
  const file = parsed.file.slice(2);
  if (!/\.md$/i.test(file)) return null;
  const folder = /(^|\/)(readme|_index)\.md$/i.test(file) ? file.replace(/(^|\/)(readme|_index)\.md$/i, '') : file.replace(/\.md$/i, '');
  return folder === '' ? null : servablePath(`/${folder}/`);
}
