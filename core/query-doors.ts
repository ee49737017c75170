import type { Refusal } from './editorial-rules.js';
import { jsonObject, listOf, type ItemsQuery } from './site-reader-queries.js';

/**
 * Query parts that would cross a permission boundary, refused for every account but the admin
 * (the site's token has its own, narrower allow-list in site-reader-queries.ts).
 *
 * - `$FOLLOW(collection, field)` filters read the followed collection without its row
 *   permissions: `GET /items/sections?filter={"$FOLLOW(directus_versions,item)":{…}}` told a
 *   student who had a pending version where, though GET /versions refuses them other's versions.
 *   The admin app uses it only for many-to-many pickers, which the knowledge base has none of.
 * - Filters, sorts and groups on `ip` and `user_agent`: editors read them for their own activity
 *   only (migration 0009), but Directus evaluates a filter on every row it may return, so a filter
 *   `ip _starts_with …` would spell out another editor's address a character at a time.
 */
export const ORIGIN_FIELDS: readonly string[] = ['ip', 'user_agent'];
/**
 * The same for `search` on the activity: Directus searches every string field of every row once an
 * account may read some rows in full (its own, through the app-access minimal permission), `ip`
 * and `user_agent` included, so `?search=10.0.` would find another editor's address.
 */
const SEARCH_CLOSED: Readonly<Record<string, string>> = { directus_activity: '/activity' };

const FOLLOW = /^\$follow\(/i;

/** The field names a key or a path names: `activity.ip`, `-ip`, `count(ip)`, `year(timestamp)`. */
function namesOfPath(path: string): string[] {
  if (FOLLOW.test(path)) return [path];
  return path
    .replace(/^-/, '')
    .split('.')
    .map((segment) => segment.replace(/^\w+\((.*)\)$/, '$1'));
}

/** Every key of a filter tree (operators included), at any depth. */
function filterNames(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) filterNames(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(...namesOfPath(key));
      filterNames(inner, out);
    }
  }
}

function listNames(value: unknown, out: string[]): void {
  for (const path of listOf(value) ?? []) out.push(...namesOfPath(path));
}

/** `aggregate` ({count: ['id']}) and `alias` ({name: 'field'}): the fields are the values. */
function valueNames(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  for (const inner of Object.values(value)) listNames(inner, out);
}

/** `deep`: per relational field, `_filter`, `_sort`, `_groupBy`, `_aggregate` and deeper fields. */
function deepNames(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '_filter') filterNames(inner, out);
    else if (key === '_sort' || key === '_groupBy' || key === '_group') listNames(inner, out);
    else if (key === '_aggregate' || key === '_alias') valueNames(inner, out);
    else if (!key.startsWith('_')) {
      out.push(...namesOfPath(key));
      deepNames(inner, out);
    }
  }
}

type Collect = (value: unknown, out: string[]) => void;

/** The parts that name fields, under the names the item services use (REST's `groupBy` is `group`). */
const PARTS: Readonly<Record<string, Collect>> = {
  filter: filterNames,
  deep: deepNames,
  sort: listNames,
  group: listNames,
  groupBy: listNames,
  aggregate: valueNames,
  alias: valueNames,
};

function refuse(message: string): Refusal {
  return { status: 403, reason: 'forbidden', message };
}

function checkParts(parts: Record<string, unknown>, where: string): Refusal | null {
  for (const [part, collect] of Object.entries(PARTS)) {
    const raw = parts[part];
    if (raw === undefined || raw === null || raw === '') continue;
    const names: string[] = [];
    collect(part === 'sort' || part === 'group' || part === 'groupBy' ? raw : jsonObject(raw), names);
    const follow = names.find((name) => FOLLOW.test(name));
    if (follow) {
      return refuse(
        `Фильтр ${follow} в ${where}${part} недоступен: $FOLLOW читает связанную коллекцию в обход прав на её записи; ` +
          'фильтруйте по полям и связям самой коллекции',
      );
    }
    const origins = ORIGIN_FIELDS.filter((field) => names.includes(field));
    if (origins.length > 0) {
      return refuse(
        `По ${origins.join(' и ')} нельзя фильтровать, сортировать и группировать: IP-адреса и браузеры других ` +
          `редакторов скрыты, а ${where}${part} проверялся бы по всем записям; уберите ${origins.join(', ')} из ${where}${part}`,
      );
    }
  }
  return null;
}

function searchRefusal(): Refusal {
  return refuse('Поиск по журналу действий (activity) недоступен: он прошёл бы и по IP-адресам и браузерам других редакторов; используйте filter по user, action, collection или item');
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/** A read as the item services see it (REST, GraphQL, websockets, flows): its parsed query. */
export function checkEditorItemsQuery(collection: string, query: ItemsQuery): Refusal | null {
  if (collection in SEARCH_CLOSED && isSet(query.search)) return searchRefusal();
  return checkParts(query, '');
}

export interface EditorRequest {
  /** The path without the query string, as Directus routes it (`/activity`). */
  path: string;
  /** The query string as Express parsed it. */
  query: Record<string, unknown>;
  /** The parsed JSON body: batch updates and deletes carry a `query` to select their items by. */
  body?: unknown;
}

/**
 * The same, on the request before Directus routes it: also the `query` of a batch update or
 * delete, which Directus resolves to keys without the caller's permissions (so it is an oracle
 * that the item services' query event never sees as the caller's).
 */
export function checkEditorRequest(request: EditorRequest): Refusal | null {
  const path = request.path.replace(/\/+$/, '');
  if (Object.values(SEARCH_CLOSED).includes(path) && isSet(request.query.search)) return searchRefusal();
  const refusal = checkParts(request.query, '');
  if (refusal) return refusal;
  const body = request.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'query' in body) {
    const query = (body as { query: unknown }).query;
    if (query !== null && typeof query === 'object') return checkParts(query as Record<string, unknown>, 'query.');
  }
  return null;
}
