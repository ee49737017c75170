import type { Actor, Refusal } from './editorial-rules.js';

/**
 * The fields that hold a section's text. The site's read-only account gets them for published
 * sections only (migration 0007); Directus then returns them as null for drafts, but it still
 * evaluates filters, search, sorting and grouping on the stored text, so such a query would let
 * the account find out what a draft says. Those queries are refused for readers instead.
 */
export const SECTION_TEXT_FIELDS: readonly string[] = ['body', 'summary'];

/** The part of a Directus query this guard reads; everything else passes through. */
export interface ReaderQuery {
  filter?: unknown;
  deep?: unknown;
  search?: unknown;
  sort?: unknown;
  aggregate?: unknown;
  /** `groupBy` of the request, as Directus passes it on. */
  group?: unknown;
  alias?: unknown;
}

const isText = (field: string): boolean => SECTION_TEXT_FIELDS.includes(field);

/** A field path (`body`, `-body`, `children.summary`, `count(body)`) that touches a text field. */
function pathTouchesText(path: string): boolean {
  return path
    .replace(/^-/, '')
    .split(/[.()]/)
    .some(isText);
}

/** The first key at any depth of a filter that names a text field. */
function keyNaming(value: unknown, trail: string): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = keyNaming(item, `${trail}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, nested] of Object.entries(value)) {
    if (isText(key)) return `${trail}.${key}`;
    const found = keyNaming(nested, `${trail}.${key}`);
    if (found) return found;
  }
  return null;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

const LIST_PARTS = ['sort', 'aggregate', 'group', 'alias'];

/**
 * One level of a query: the top (`filter`, `sort`, …, `deep`) or a node of `deep`, which carries
 * the same parts with an underscore (`_filter`, `_sort`, `_search`, …) next to nested relations.
 */
function levelReference(level: Record<string, unknown>, prefix: '' | '_', trail: string): string | null {
  const path = (part: string) => `${trail}${prefix}${part}`;
  const inFilter = keyNaming(level[`${prefix}filter`], path('filter'));
  if (inFilter) return inFilter;
  const search = level[`${prefix}search`];
  if (typeof search === 'string' && search.trim() !== '') return path('search');
  for (const part of LIST_PARTS) {
    if (stringsIn(level[`${prefix}${part}`]).some(pathTouchesText)) return path(part);
  }
  const relations = prefix === '' ? level.deep : level;
  if (relations === null || typeof relations !== 'object') return null;
  for (const [relation, nested] of Object.entries(relations)) {
    if (relation.startsWith('_') || nested === null || typeof nested !== 'object') continue;
    const found = levelReference(nested as Record<string, unknown>, '_', `${prefix === '' ? 'deep.' : trail}${relation}.`);
    if (found) return found;
  }
  return null;
}

/** Where a query reaches the text of sections other than through `fields`, or null. */
export function textReferenceIn(query: ReaderQuery): string | null {
  return levelReference(query as Record<string, unknown>, '', '');
}

/** Refuses a reader's query on sections that filters, searches, sorts or groups by their text. */
export function checkReaderQuery(actor: Actor, query: ReaderQuery): Refusal | null {
  if (actor.kind !== 'reader') return null;
  const where = textReferenceIn(query);
  if (!where) return null;
  return {
    status: 403,
    reason: 'forbidden',
    message: `Этой учётной записи доступен текст только опубликованных разделов, поэтому искать, фильтровать, сортировать и группировать по тексту (${SECTION_TEXT_FIELDS.join(', ')}) она не может: уберите ${where} из запроса`,
  };
}
