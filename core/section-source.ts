/**
 * Where a section came from, as the import records it in `source`: `./<path in the catalog>` for
 * an article file, `./<path>#<anchor>` for a numbered heading inside one. The export writes parts
 * back into their article, and the site reads them inline on the article's page, by this one rule.
 */
export interface SectionSource {
  /** `./02-infra/02-01-servers/README.md`, without the anchor. */
  file: string;
  /** The heading's anchor for a part of an article; null for the article itself. */
  anchor: string | null;
}

export function parseSectionSource(source: string | null | undefined): SectionSource | null {
  if (!source || !source.startsWith('./')) return null;
  const hash = source.indexOf('#');
  if (hash === -1) return { file: source, anchor: null };
  const anchor = source.slice(hash + 1);
  return { file: source.slice(0, hash), anchor: anchor === '' ? null : anchor };
}

/**
 * A part of its parent's article: a numbered heading of the file the parent itself came from
 * (`## 02\.01.01 - Основной сервер` inside `02-01-servers/README.md`).
 */
export function isArticlePart(section: { source: string | null }, parent: { source: string | null } | null | undefined): boolean {
  const own = parseSectionSource(section.source);
  const parentSource = parseSectionSource(parent?.source);
  return own !== null && own.anchor !== null && parentSource !== null && own.file === parentSource.file;
}
