import { KbError } from '../../../core/errors.js';
import { buildTree } from '../../../core/tree.js';
import { computeProgress, NO_FIGURES, overallProgress, ownerProgress, withPercent, type OwnerFigures, type ProgressSummary } from '../../../core/progress.js';
import { inReviewQueue } from '../../../core/review-queue.js';
import { figureClock } from '../../../core/section-figures.js';
import { slugify, uniqueSlug } from '../../../core/slug.js';
import { pagePaths, servablePath, sourcePagePath } from '../../../core/page-path.js';
import type { SectionStatus } from '../../../core/status.js';
import { personName, type Person, type SectionRecord } from '../../../core/section-record.js';

/**
 * Everything the pages need, computed once per build from the validated records: the tree in
 * reading order, paths, progress, owners, previous/next and redirects. Pure, so the public build
 * and the preview server render from the same model.
 */

export interface SitePerson {
  /** null for "nobody": sections without an owner get a page of their own too. */
  id: string | null;
  name: string;
  slug: string;
  path: string;
}

export interface SiteSection {
  id: string;
  code: string;
  title: string;
  slug: string;
  path: string;
  status: SectionStatus;
  /** Only published sections show their text; the others are placeholders in the tree. */
  published: boolean;
  /** Null unless the body may be shown (published, or the draft being previewed). */
  body: string | null;
  /** Null unless published: a draft's summary is as unfinished as its body. */
  summary: string | null;
  owner: SitePerson;
  updated: string | null;
  dueDate: string | null;
  parentId: string | null;
  depth: number;
  chapterCode: string;
  previousCodes: readonly string[];
  /** Page paths it had before moves and renames (the hook keeps them). */
  previousPaths: readonly string[];
  /** Where an import found it (`./06-operations/06-06-monitoring/README.md`): its address in the team's catalog. */
  source: string | null;
  progress: ProgressSummary;
  /** No children: it counts in progress itself; a section with children counts its leaves. */
  isLeaf: boolean;
  /** Pending edits of it wait in content versions («правка на проверке»); their text is never the site's. */
  pendingEdits: number;
  /** In the review queue (core/review-queue.ts): 👀 На проверке or with a pending edit. */
  inReview: boolean;
}

export interface SiteSettings {
  siteUrl: string;
  directusPublicUrl: string;
}

export interface SiteModel extends SiteSettings {
  /** Depth-first in code order: the reading order of previous/next. */
  sections: readonly SiteSection[];
  roots: readonly SiteSection[];
  byId: ReadonlyMap<string, SiteSection>;
  byCode: ReadonlyMap<string, SiteSection>;
  /** By page path (`/02-infrastruktura/02-01-servers/`): how a page rendered on demand finds its section. */
  byPath: ReadonlyMap<string, SiteSection>;
  children(id: string): readonly SiteSection[];
  ancestors(id: string): readonly SiteSection[];
  previous(id: string): SiteSection | null;
  next(id: string): SiteSection | null;
  overall: ProgressSummary;
  /** Owners that have sections, by name; "не назначен" last. */
  owners: readonly SitePerson[];
  sectionsOf(owner: SitePerson): readonly SiteSection[];
  /** A person's figures, the dashboard's and the report's (core ownerProgress), as of the build. */
  ownerProgress(owner: SitePerson): OwnerFigures;
  /** The review queue (core/review-queue.ts), in reading order: the dashboard's and the report's sections. */
  reviewQueue: readonly SiteSection[];
  /** `/c/<code>/` targets: every current and previous code → the page path. */
  redirects: ReadonlyMap<string, string>;
  /**
   * Old page paths → the page path now: every path a page had (previous_paths) and its address in
   * the catalog it was imported from (source). Never a path some page has now.
   */
  pathRedirects: ReadonlyMap<string, string>;
  editUrl(id: string): string;
  /** Resolves a canonical `/c/<code>/` link target; null when no section has that code. */
  resolveCode(code: string): SiteSection | null;
}

export interface BuildModelOptions extends SiteSettings {
  /** The preview renders this section's body whatever its status. */
  previewId?: string | null;
  /** When "overdue" and "stale" are counted (the build's clock by default). */
  now?: Date;
}

const UNASSIGNED = 'не назначен';

function describe(record: Pick<SectionRecord, 'code' | 'title' | 'id'>): string {
  return `${record.code} «${record.title}» (id ${record.id})`;
}

function checkIntegrity(records: readonly SectionRecord[]): void {
  const problems: string[] = [];
  const byCode = new Map<string, SectionRecord>();
  const ids = new Set(records.map((r) => r.id));
  for (const record of records) {
    const twin = byCode.get(record.code);
    if (twin) problems.push(`code ${record.code} is used by two sections: ${describe(twin)} and ${describe(record)}`);
    else byCode.set(record.code, record);
    if (record.parent !== null && !ids.has(record.parent)) {
      problems.push(`section ${describe(record)} points at a parent ${record.parent} that Directus did not return (deleted, or hidden from the site reader)`);
    }
  }
  if (problems.length > 0) {
    throw new KbError('malformed-data', 'The sections do not form a tree the site can publish', { issues: problems, hint: 'Fix them in the admin app.' });
  }
}

function ensureUnique(base: string, taken: Set<string>): string {
  const slug = uniqueSlug(base, taken);
  taken.add(slug);
  return slug;
}

function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Catalog addresses first, then previous paths, each in reading order with the first claim kept:
 * the path a section had in the site outranks a catalog file's (the site's is the newer address),
 * and a page that exists now outranks both.
 */
function oldPathRedirects(sections: readonly SiteSection[], current: ReadonlyMap<string, SiteSection>): Map<string, string> {
  const redirects = new Map<string, string>();
  for (const section of sections) {
    const path = sourcePagePath(section.source);
    if (path !== null && !current.has(path) && !redirects.has(path)) redirects.set(path, section.path);
  }
  const claimed = new Set<string>();
  for (const section of sections) {
    for (const old of section.previousPaths) {
      const path = servablePath(old);
      if (path === null || current.has(path) || claimed.has(path)) continue;
      claimed.add(path);
      redirects.set(path, section.path);
    }
  }
  return redirects;
}

export function buildSiteModel(records: readonly SectionRecord[], people: readonly Person[], options: BuildModelOptions): SiteModel {
  checkIntegrity(records);
  const tree = buildTree(records);
  const progress = computeProgress(records);
  const peopleById = new Map(people.map((p) => [p.id, p]));

  // Owners: one page each, slugs from names (transliterated), unique across owners.
  const ownerSlugs = new Set<string>();
  const ownersById = new Map<string, SitePerson>();
  const unassigned: SitePerson = { id: null, name: UNASSIGNED, slug: 'ne-naznachen', path: '/owners/ne-naznachen/' };
  ownerSlugs.add(unassigned.slug);
  const ownerIds = [...new Set(records.map((r) => r.owner).filter((id): id is string => id !== null))];
  const named = ownerIds.map((id) => ({ id, name: personName(peopleById.get(id), 'без имени') }));
  named.sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id.localeCompare(b.id));
  for (const { id, name } of named) {
    const slug = ensureUnique(slugify(name), ownerSlugs);
    ownersById.set(id, { id, name, slug, path: `/owners/${slug}/` });
  }

  const sections: SiteSection[] = [];
  const byId = new Map<string, SiteSection>();
  const childrenOf = new Map<string, SiteSection[]>();
  // The stored slug is what editors chose, cleaned and made unique among siblings (core/page-path.ts).
  const placed = pagePaths(tree);
  const visit = (record: SectionRecord, depth: number, chapterCode: string) => {
    const { slug, path } = placed.get(record.id) as { slug: string; path: string };
    const published = record.status === 'published';
    const showBody = published || record.id === options.previewId;
    const kids = tree.childrenOf(record.id);
    const section: SiteSection = {
      id: record.id,
      code: record.code,
      title: record.title,
      slug,
      path,
      status: record.status,
      published,
      body: showBody ? (record.body ?? '') : null,
      summary: showBody ? record.summary : null,
      owner: record.owner === null ? unassigned : (ownersById.get(record.owner) ?? unassigned),
      updated: record.date_updated ?? record.date_created,
      dueDate: record.due_date,
      parentId: record.parent,
      depth,
      chapterCode,
      previousCodes: record.previous_codes ?? [],
      previousPaths: record.previous_paths ?? [],
      source: record.source,
      progress: withPercent(progress.get(record.id) ?? { published: 0, total: 0 }),
      isLeaf: kids.length === 0,
      pendingEdits: record.pending_edits,
      inReview: inReviewQueue(record),
    };
    sections.push(section);
    byId.set(section.id, section);
    if (record.parent !== null) {
      const list = childrenOf.get(record.parent);
      if (list) list.push(section);
      else childrenOf.set(record.parent, [section]);
    }
    for (const child of kids) visit(child, depth + 1, chapterCode);
  };
  for (const root of tree.roots) visit(root, 1, root.code);

  if (sections.length !== records.length) {
    const reached = new Set(sections.map((s) => s.id));
    const stuck = records.filter((r) => !reached.has(r.id)).slice(0, 10).map(describe);
    throw new KbError('malformed-data', 'Some sections are their own ancestors (a cycle of parents) and cannot be placed in the tree', { issues: stuck, hint: 'Run npm run doctor -- --fix: it cuts each cycle where the last move made it (the admin app cannot move a section out of one).' });
  }

  const byCode = new Map(sections.map((s) => [s.code, s]));
  const byPath = new Map(sections.map((s) => [s.path, s]));
  const index = new Map(sections.map((s, i) => [s.id, i]));
  const redirects = new Map<string, string>();
  // Previous codes first, so a code now in use by another section points at that section.
  for (const section of sections) for (const old of section.previousCodes) redirects.set(old, section.path);
  for (const section of sections) redirects.set(section.code, section.path);
  const pathRedirects = oldPathRedirects(sections, byPath);

  const owned = new Map<string | null, SiteSection[]>();
  for (const section of sections) {
    const list = owned.get(section.owner.id);
    if (list) list.push(section);
    else owned.set(section.owner.id, [section]);
  }
  const owners = [...ownersById.values()].filter((o) => owned.has(o.id));
  if (owned.has(null)) owners.push(unassigned);

  const ownedProgress = ownerProgress(records, figureClock(options.now ?? new Date()));
  const directusPublicUrl = trimUrl(options.directusPublicUrl);
  return {
    siteUrl: trimUrl(options.siteUrl),
    directusPublicUrl,
    sections,
    roots: tree.roots.map((r) => byId.get(r.id) as SiteSection),
    byId,
    byCode,
    byPath,
    children: (id) => childrenOf.get(id) ?? [],
    ancestors: (id) => tree.ancestorsOf(id).map((r) => byId.get(r.id) as SiteSection),
    previous: (id) => sections[(index.get(id) ?? 0) - 1] ?? null,
    next: (id) => {
      const i = index.get(id);
      return i === undefined ? null : (sections[i + 1] ?? null);
    },
    overall: overallProgress(records),
    owners,
    sectionsOf: (owner) => owned.get(owner.id) ?? [],
    ownerProgress: (owner) => ownedProgress.get(owner.id) ?? NO_FIGURES,
    reviewQueue: sections.filter((s) => s.inReview),
    redirects,
    pathRedirects,
    editUrl: (id) => `${directusPublicUrl}/admin/content/sections/${encodeURIComponent(id)}`,
    resolveCode: (code) => {
      const path = redirects.get(code);
      return path === undefined ? null : (byPath.get(path) ?? null);
    },
  };
}
