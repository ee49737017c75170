import { KbError } from './errors.js';
import { PUBLISH_HOLDS_COLLECTION } from './publish-hold.js';
import { PERSON_FIELDS, SECTION_RECORD_FIELDS } from './section-record.js';
import type { Refusal } from './editorial-rules.js';

/**
 * Everything the site's static token (the API-only "site reader" account) may ask Directus, and
 * nothing else. The site build and the publisher (platform/fetch-sections.ts), the preview's gate
 * (site/src/lib/preview-data.ts) and provisioning's token check (cms/server/accounts.ts) build their
 * requests from these declarations, and the hook refuses every other request from that token — on
 * every path, GraphQL and the system endpoints included. Whoever adds a read with the site token
 * adds its shape here, and the fetch code takes it from here, so the two cannot drift apart.
 */

/** The section fields the site reads; the text among them only for published sections (migration 0007). */
export const SITE_SECTION_FIELDS: readonly string[] = SECTION_RECORD_FIELDS;
/**
 * Of those, the text: readable for published sections only (a second policy, migration 0007), so
 * the token never carries a draft's words even when someone else holds it.
 */
export const SITE_PUBLISHED_ONLY_FIELDS: readonly string[] = ['body', 'summary'];
/** What pages show of a person: the id (sections point at it) and the name. */
export const SITE_PERSON_FIELDS: readonly string[] = PERSON_FIELDS;
/** Pages of 500 keep 10,000 sections within 21 requests (DESIGN.md allows 25). */
export const SITE_SECTION_PAGE_SIZE = 500;

export interface ReaderQueryShape {
  /** A stable name, used in messages and tests. */
  id: string;
  /** Who asks and why. */
  purpose: string;
  /** The REST path, exactly (GET only). */
  path: string;
  /** The collection Directus's item services read for it (the hook's second check), if any. */
  collection: string | null;
  /** Fields that may be asked for; a request names some of them, never `*` or a relation path. */
  fields?: readonly string[];
  /** The one sort order allowed. */
  sort?: readonly string[];
  /** `*`: `limit=-1` is allowed; a number: at most that many items per request. */
  limit?: number | '*';
  offset?: true;
  /** Aggregates allowed, function → fields (`count` of `*`). */
  aggregate?: Readonly<Record<string, readonly string[]>>;
  /** The item service filters on the account's own id (`/users/me`). */
  ownIdFilter?: true;
}

export const SITE_READER_QUERIES: readonly ReaderQueryShape[] = [
  {
    id: 'section-count',
    purpose: 'the site build and the publisher count the sections before reading them in pages',
    path: '/items/sections',
    collection: 'sections',
    aggregate: { count: ['*'] },
  },
  {
    id: 'section-page',
    purpose: 'the site build and the publisher read every section, a page at a time, ordered by id',
    path: '/items/sections',
    collection: 'sections',
    fields: SITE_SECTION_FIELDS,
    sort: ['id'],
    limit: SITE_SECTION_PAGE_SIZE,
    offset: true,
  },
  {
    id: 'people',
    purpose: 'pages show the names of owners',
    path: '/users',
    collection: 'directus_users',
    fields: SITE_PERSON_FIELDS,
    limit: '*',
  },
  {
    id: 'own-account',
    purpose: '`npm run migrate` checks that the token in .env still logs in as the site reader',
    path: '/users/me',
    collection: 'directus_users',
    fields: ['id'],
    ownIdFilter: true,
  },
  {
    id: 'publish-holds',
    purpose: 'the publisher waits while an import holds publishing (core/publish-hold.ts), its own builds included',
    path: `/items/${PUBLISH_HOLDS_COLLECTION}`,
    collection: PUBLISH_HOLDS_COLLECTION,
    fields: ['expires_at'],
    limit: '*',
  },
  {
    id: 'preview-gate',
    purpose: 'the preview asks what a token may write, to refuse accounts that are not editors',
    path: '/permissions/me',
    collection: null,
  },
];

function shape(id: string): ReaderQueryShape {
  const found = SITE_READER_QUERIES.find((s) => s.id === id);
  if (!found) throw new KbError('failed', `No site reader query "${id}" is declared`);
  return found;
}

/** The query for counting sections, as @directus/sdk's `aggregate()` takes it. */
export function sectionCountQuery(): { aggregate: { count: '*' } } {
  return { aggregate: { count: '*' } };
}

/** One page of every section, as @directus/sdk's `readItems()` takes it. */
export function sectionPageQuery(page: number): { fields: string[]; sort: string[]; limit: number; offset: number } {
  const s = shape('section-page');
  const limit = s.limit as number;
  return { fields: [...(s.fields ?? [])], sort: [...(s.sort ?? [])], limit, offset: page * limit };
}

/** Every person's name, as @directus/sdk's `readUsers()` takes it. */
export function peopleQuery(): { fields: string[]; limit: -1 } {
  return { fields: [...(shape('people').fields ?? [])], limit: -1 };
}

/** When the holds on publishing expire, as @directus/sdk's `readItems()` takes it. */
export function publishHoldsQuery(): { fields: string[]; limit: -1 } {
  return { fields: [...(shape('publish-holds').fields ?? [])], limit: -1 };
}

/** The account's own id, as @directus/sdk's `readMe()` takes it. */
export function ownAccountQuery(): { fields: string[] } {
  return { fields: [...(shape('own-account').fields ?? [])] };
}

export const PREVIEW_GATE_PATH = shape('preview-gate').path;

/** The fields the site reader's permissions grant per collection: exactly what the shapes read. */
export function siteReaderFieldsOf(collection: string): string[] {
  const fields = SITE_READER_QUERIES.filter((s) => s.collection === collection).flatMap((s) => s.fields ?? []);
  return [...new Set(fields)];
}

// ── the checks ──────────────────────────────────────────────────────────────────────────────────

const ALLOWED_LIST = SITE_READER_QUERIES.map((s) => s.path)
  .filter((p, i, all) => all.indexOf(p) === i)
  .join(', ');

function refuse(message: string): Refusal {
  return {
    status: 403,
    reason: 'forbidden',
    message: `Токен сайта может делать только те запросы, которые делают сборка сайта и предпросмотр (core/site-reader-queries.ts): ${message}`,
  };
}

/** Query-string values as Express parses them: `a,b`, `[a, b]`, nested objects for `x[y]=z`. */
type RawValue = unknown;

/** A list parameter (`fields`, `sort`, `groupBy`) as a list of names, or null when it is not one. */
export function listOf(value: RawValue): string[] | null {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.flatMap((v: string) => v.split(',').map((s) => s.trim()));
  return null;
}

/** Object parameters arrive as `x[y]=z` (an object) or as JSON text (what @directus/sdk sends). */
export function jsonObject(value: RawValue): RawValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function integerOf(value: RawValue): number | null {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : null;
}

/** Why a parameter does not fit the shape (what to remove or change), or null when it fits. */
function paramProblem(s: ReaderQueryShape, key: string, value: RawValue): string | null {
  switch (key) {
    case 'fields': {
      const fields = listOf(value);
      if (!s.fields) return 'уберите fields';
      if (!fields || fields.length === 0) return 'fields должен быть списком полей';
      const extra = fields.filter((f) => !s.fields?.includes(f));
      return extra.length > 0 ? `уберите из fields ${extra.join(', ')}` : null;
    }
    case 'sort': {
      if (!s.sort) return 'уберите sort';
      const sort = listOf(value);
      return sort && sort.join(',') === s.sort.join(',') ? null : `сортировка только sort=${s.sort.join(',')}`;
    }
    case 'limit': {
      if (s.limit === undefined) return 'уберите limit';
      const limit = integerOf(value);
      if (limit === -1 && s.limit === '*') return null;
      if (limit !== null && limit >= 1 && (s.limit === '*' || limit <= s.limit)) return null;
      return s.limit === '*' ? 'limit должен быть -1 или положительным числом' : `limit должен быть от 1 до ${s.limit}`;
    }
    case 'offset': {
      if (!s.offset) return 'уберите offset';
      const offset = integerOf(value);
      return offset !== null && offset >= 0 ? null : 'offset должен быть неотрицательным числом';
    }
    case 'aggregate': {
      if (!s.aggregate) return 'уберите aggregate';
      value = jsonObject(value);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'уберите aggregate';
      for (const [fn, fields] of Object.entries(value as Record<string, RawValue>)) {
        const allowed = s.aggregate[fn];
        const asked = listOf(fields);
        if (!allowed || !asked || asked.some((f) => !allowed.includes(f))) return `уберите aggregate[${fn}]`;
      }
      return null;
    }
    default:
      return `уберите ${key}`;
  }
}

/** The parts a request must carry to have a shape: without `fields` Directus reads every field. */
const REQUIRED_PARTS = ['fields', 'sort', 'aggregate'] as const;

function missingParts(s: ReaderQueryShape, present: (key: string) => boolean): string[] {
  return REQUIRED_PARTS.filter((part) => s[part] !== undefined && !present(part)).map((part) =>
    part === 'aggregate' ? 'добавьте aggregate[count]=*' : `добавьте ${part}=${(s[part] as readonly string[]).join(',')}`,
  );
}

export interface ReaderRequest {
  method: string;
  /** The path without the query string, as Directus routes it (`/items/sections`). */
  path: string;
  /** The query string as Express parsed it. */
  query: Record<string, RawValue>;
}

/**
 * Refuses a request of the site's token that is not one of SITE_READER_QUERIES, naming what to
 * remove. Runs before Directus routes the request, so it covers REST, GraphQL and every endpoint.
 */
export function checkReaderRequest(request: ReaderRequest): Refusal | null {
  const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
  const candidates = SITE_READER_QUERIES.filter((s) => s.path === path);
  if (candidates.length === 0) {
    const door = path.startsWith('/graphql') ? 'GraphQL ему недоступен' : `путь ${path} ему недоступен`;
    return refuse(`${door}; разрешены только GET ${ALLOWED_LIST}`);
  }
  if (request.method !== 'GET') return refuse(`${request.method} ${path} ему недоступен: только чтение (GET)`);
  const problems = candidates.map((s) => ({
    known: Object.keys(request.query).filter((key) => key in s).length,
    list: [
      ...Object.entries(request.query)
        .map(([key, value]) => paramProblem(s, key, value))
        .filter((p): p is string => p !== null),
      ...missingParts(s, (key) => key in request.query),
    ],
  }));
  if (problems.some((p) => p.list.length === 0)) return null;
  // Name the problems of the closest shape: the one that knows most of the request's parameters.
  const closest = problems.reduce((best, p) => (p.known > best.known || (p.known === best.known && p.list.length < best.list.length) ? p : best));
  return refuse(`${closest.list.join('; ')} (GET ${path})`);
}

/** The part of a query Directus's item services pass to their `query` filter event. */
export interface ItemsQuery {
  fields?: unknown;
  filter?: unknown;
  search?: unknown;
  sort?: unknown;
  limit?: unknown;
  offset?: unknown;
  page?: unknown;
  aggregate?: unknown;
  group?: unknown;
  deep?: unknown;
  alias?: unknown;
  [key: string]: unknown;
}

const isSet = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value as object).length === 0);

/** A parsed query as the item services see it, against one shape. */
function fitsShape(s: ReaderQueryShape, query: ItemsQuery, ownId: string | null): boolean {
  if (missingParts(s, (key) => isSet(query[key])).length > 0) return false;
  return Object.entries(query).every(([key, value]) => {
    if (!isSet(value)) return true;
    if (key === 'filter') return Boolean(s.ownIdFilter && ownId) && JSON.stringify(value) === JSON.stringify({ id: { _eq: ownId } });
    // Directus reads every column for an aggregate (`fields: ['*']`); nothing is returned but the count.
    if (key === 'fields' && s.aggregate) return JSON.stringify(value) === '["*"]';
    if (!['fields', 'sort', 'limit', 'offset', 'aggregate'].includes(key)) return false;
    const raw = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? value : String(value);
    return paramProblem(s, key, raw) === null;
  });
}

/**
 * The second line of defence, in Directus's item services (every collection, REST, GraphQL,
 * websockets, flows): a read by the site's account must have one of the declared shapes.
 */
export function checkReaderItemsQuery(collection: string, query: ItemsQuery, ownId: string | null): Refusal | null {
  const shapes = SITE_READER_QUERIES.filter((s) => s.collection === collection);
  if (shapes.length === 0) return refuse(`чтение ${collection} ему недоступно`);
  if (shapes.some((s) => fitsShape(s, query, ownId))) return null;
  const parts = Object.entries(query)
    .filter(([key, value]) => isSet(value) && !['fields', 'limit', 'offset'].includes(key))
    .map(([key]) => key);
  return refuse(`такой запрос к ${collection} не предусмотрен${parts.length > 0 ? `: уберите ${parts.join(', ')}` : ''}`);
}
