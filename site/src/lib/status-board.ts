import { SECTION_STATUSES, type SectionStatus } from '../../../core/status.js';
import type { SiteModel, SitePerson, SiteSection } from './site-model.js';

export type FilterKind = 'status' | 'owner' | 'chapter';

export interface ActiveFilter {
  kind: FilterKind;
  value: string;
}

export interface FilterOption {
  kind: FilterKind;
  value: string;
  label: string;
  /** The page that shows this filter without JavaScript. */
  href: string;
  count: number;
}

export interface BoardFilters {
  status: FilterOption[];
  owner: FilterOption[];
  chapter: FilterOption[];
}

export function filterHref(kind: FilterKind, value: string): string {
  return `/status/${kind}/${value}/`;
}

export function sectionFilterValue(section: SiteSection, kind: FilterKind): string {
  if (kind === 'status') return section.status;
  if (kind === 'owner') return section.owner.slug;
  return section.chapterCode;
}

export function matches(section: SiteSection, filter: ActiveFilter | null): boolean {
  return filter === null || sectionFilterValue(section, filter.kind) === filter.value;
}

/** Every filter value with its count over the whole tree (what the links without JavaScript show). */
export function boardFilters(model: SiteModel): BoardFilters {
  const count = (kind: FilterKind, value: string) => model.sections.filter((s) => sectionFilterValue(s, kind) === value).length;
  return {
    status: SECTION_STATUSES.map((status: SectionStatus) => ({ kind: 'status' as const, value: status, label: status, href: filterHref('status', status), count: count('status', status) })),
    owner: model.owners.map((owner: SitePerson) => ({ kind: 'owner' as const, value: owner.slug, label: owner.name, href: filterHref('owner', owner.slug), count: count('owner', owner.slug) })),
    chapter: model.roots.map((chapter) => ({ kind: 'chapter' as const, value: chapter.code, label: `${chapter.code} ${chapter.title}`, href: filterHref('chapter', chapter.code), count: count('chapter', chapter.code) })),
  };
}
