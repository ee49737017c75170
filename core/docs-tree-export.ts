import { stringify } from 'yaml';
import { relativeHref } from './docs-tree-links.js';
import { parseSectionHref, rewriteMarkdownLinks, sectionHref } from './section-links.js';
import type { SectionRecord } from './section-record.js';
import { sectionPathSegment, slugify } from './slug.js';
import { buildTree } from './tree.js';

/**
 * The knowledge base as a docs-as-code tree in the Gramax layout (the live mirror in git):
 * a folder per section, `<code with dashes>-<slug>`, nested under its parent, each holding a
 * README.md whose front matter carries every field an import needs to rebuild the section and
 * whose text is the body. Pure and deterministic: the same sections give the same bytes.
 */

export interface MirrorPerson {
  id: string;
  email?: string | null;
}

export interface MirrorFile {
  /** Relative to the tree root, `/`-separated. */
  path: string;
  content: string;
  /** The section a README.md belongs to; absent for `.doc-root.yaml`. */
  sectionId?: string;
}

export interface RenderedMirror {
  /** Sorted by path. */
  files: MirrorFile[];
  warnings: string[];
}

export const MIRROR_DOC_ROOT = [
  '# The tapbot.kz knowledge base as written by `npm run export` (the live mirror of Directus).',
  '# Edit sections in Directus: the next export overwrites changes made here, unless they are',
  '# imported first with `npm run import -- <this folder>`.',
  'title: tapbot-kb',
  'optionalCategoryIndex: true',
  'supportedLanguages: []',
  'syntax: GitHub Flavored Markdown',
  '',
].join('\n');

/** The fields of a README's front matter, in the order they are written. */
export const MIRROR_FIELDS = ['title', 'id', 'code', 'status', 'owner', 'summary', 'slug', 'due_date', 'previous_codes', 'previous_paths', 'source'] as const;

export type MirrorSection = Pick<SectionRecord, 'id' | 'code' | 'title' | 'slug' | 'parent' | 'status' | 'owner' | 'summary' | 'body' | 'due_date' | 'previous_codes' | 'previous_paths' | 'source'>;

function frontMatter(section: MirrorSection, ownerOf: (id: string) => string): string {
  const values: Record<(typeof MIRROR_FIELDS)[number], unknown> = {
    title: `${section.code} - ${section.title}`,
    id: section.id,
    code: section.code,
    status: section.status,
    owner: section.owner === null ? null : ownerOf(section.owner),
    summary: section.summary,
    slug: section.slug,
    due_date: section.due_date === null ? null : section.due_date.slice(0, 10),
    previous_codes: section.previous_codes ?? [],
    previous_paths: section.previous_paths ?? [],
    source: section.source,
  };
  return stringify(values, { lineWidth: 0, minContentWidth: 0 });
}

/**
 * `02-01-khosting`. A slug that itself starts with a two-digit number (`10-shagov`) would read
 * back as part of the code, so it is set off with a second hyphen: `02-01--10-shagov`.
 */
export function mirrorFolderName(code: string, slug: string): string {
  const segment = sectionPathSegment(code, slug);
  return /^\d{2}(?:-|$)/.test(slug) ? segment.replace(`${code.replaceAll('.', '-')}-`, `${code.replaceAll('.', '-')}--`) : segment;
}

/** Folder of each section, nested under its parent's; sections with a broken parent go to the root. */
function folders(sections: readonly MirrorSection[], warnings: string[]): Map<string, string> {
  const tree = buildTree(sections);
  const paths = new Map<string, string>();
  const place = (section: MirrorSection, parentPath: string) => {
    const path = `${parentPath}${mirrorFolderName(section.code, section.slug || slugify(section.title))}`;
    paths.set(section.id, path);
    for (const child of tree.childrenOf(section.id)) place(child, `${path}/`);
  };
  for (const root of tree.roots) place(root, '');
  for (const orphan of tree.orphans) {
    warnings.push(`Раздел ${orphan.code} «${orphan.title}»: родителя ${orphan.parent} нет — выгружен в корень дерева`);
    place(orphan, '');
  }
  for (const section of sections) {
    if (!paths.has(section.id)) {
      warnings.push(`Раздел ${section.code} «${section.title}» входит в цикл родителей — выгружен в корень дерева`);
      place(section, '');
    }
  }
  return paths;
}

export function renderMirror(sections: readonly MirrorSection[], people: readonly MirrorPerson[]): RenderedMirror {
  const warnings: string[] = [];
  const emailOf = new Map(people.map((p) => [p.id, p.email ?? null]));
  const ownerOf = (id: string) => emailOf.get(id) || id;
  const pathOf = folders(sections, warnings);
  const fileOf = new Map<string, string>();
  for (const section of sections) fileOf.set(section.code, `${pathOf.get(section.id) as string}/README.md`);

  const files: MirrorFile[] = [{ path: '.doc-root.yaml', content: MIRROR_DOC_ROOT }];
  for (const section of sections) {
    const file = fileOf.get(section.code) as string;
    const body = section.body ?? '';
    // Only the canonical form is turned into a file link, so the import turns it back exactly.
    const linked = rewriteMarkdownLinks(body, (href) => {
      const link = parseSectionHref(href);
      if (!link || sectionHref(link.code, link.anchor) !== href) return null;
      const target = fileOf.get(link.code);
      return target ? relativeHref(file, target, link.anchor) : null;
    });
    const content = `---\n${frontMatter(section, ownerOf)}---\n${body === '' ? '' : `\n${linked}\n`}`;
    files.push({ path: file, content, sectionId: section.id });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, warnings };
}
