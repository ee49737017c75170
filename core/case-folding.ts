/**
 * Case-insensitive search for Russian (and Kazakh) text on every database Directus runs on.
 *
 * Directus 11 implements `?search=` as `LOWER(column) LIKE ?` over every text field, and
 * `_icontains`, `_istarts_with`, `_iends_with`, `_ieq` (and their negations) as `LOWER(column) …`,
 * with the value lowered in JavaScript. On SQLite, `LOWER()` and `LIKE` fold ASCII letters only:
 * `LOWER('Первый')` stays `Первый`, so neither `первый` nor `Первый` finds it. node's `sqlite3`
 * cannot register an SQL function from JavaScript (better-sqlite3 could, but Directus does not
 * use it), and loading SQLite's ICU extension depends on what the server has installed.
 *
 * So the hook keeps a lower-cased copy ("shadow") of each text field people search by, folded in
 * JavaScript exactly as Directus folds the value it compares with (`toLowerCase()`):
 *
 * - `?search=` needs nothing more: Directus searches every text field, the shadows included, and
 *   `LOWER(shadow) LIKE '%первый%'` matches a shadow that is already lower case. It also honours
 *   the caller's field permissions for the shadows as for any field.
 * - `_icontains` & co. on a shadowed field are moved onto its shadow (rewriteQuery), field by
 *   field, so a filter on the title still matches the title only.
 *
 * One shadow per field rather than one concatenated column: a payload that changes one field
 * changes its shadow alone (batch updates share one payload for many rows), and `_icontains` on
 * `title` stays exact. On PostgreSQL `LOWER()` knows Unicode and the shadows are redundant, but
 * they are kept and used there too: one schema and one query path, so both give the same rows.
 */

/** Per collection: field → its lower-cased shadow. Code, slug and e-mail are ASCII by their rules. */
export const SHADOWED_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sections: { title: 'search_title', summary: 'search_summary', body: 'search_body' },
  directus_users: { first_name: 'search_first_name', last_name: 'search_last_name' },
};

/** Every shadow field of a collection (none for the rest). */
export function shadowFieldsOf(collection: string): string[] {
  return Object.values(SHADOWED_FIELDS[collection] ?? {});
}

/**
 * The relations a filter may follow into a collection with shadows. The admin app's filters and
 * pickers filter sections by their parent and users; the rest of the schema names no shadowed field.
 */
const RELATED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sections: { parent: 'sections', children: 'sections', owner: 'directus_users', user_created: 'directus_users', user_updated: 'directus_users' },
  directus_users: {},
};

/** Directus's case-insensitive operators: each compares `LOWER(column)` with the lowered value. */
const CASE_INSENSITIVE_OPERATORS: ReadonlySet<string> = new Set(['_icontains', '_nicontains', '_istarts_with', '_nistarts_with', '_iends_with', '_niends_with', '_ieq', '_nieq']);

/** How the shadow of a value is made: as Directus lowers the value it compares (String#toLowerCase). */
export function foldCase(value: unknown): string | null {
  return typeof value === 'string' ? value.toLowerCase() : null;
}

type Payload = Record<string, unknown>;

/**
 * The payload of a create or update with each shadow following its field: set for every shadowed
 * field the payload writes, and never taken from the caller (a shadow sent without its field is
 * dropped, so nobody can make a section findable by words it does not contain).
 */
export function withShadows(collection: string, payload: Payload): Payload {
  const shadows = SHADOWED_FIELDS[collection];
  if (!shadows) return payload;
  const out: Payload = { ...payload };
  for (const shadow of Object.values(shadows)) delete out[shadow];
  for (const [field, shadow] of Object.entries(shadows)) if (field in payload) out[shadow] = foldCase(payload[field]);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A Directus filter with every case-insensitive comparison on a shadowed field moved onto its shadow
 * (its other operators stay on the field): `{ title: { _icontains: 'Первый' } }` becomes
 * `{ search_title: { _icontains: 'первый' } }`. Follows `_and`/`_or`, `_some`/`_none` and the
 * relations in RELATED; anything else is returned as it came.
 */
export function rewriteFilter(collection: string, filter: unknown): unknown {
  if (Array.isArray(filter)) return filter.map((part) => rewriteFilter(collection, part));
  if (!isPlainObject(filter)) return filter;
  const shadows = SHADOWED_FIELDS[collection] ?? {};
  const related = RELATED[collection] ?? {};
  const parts: Record<string, unknown>[] = [];
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '_and' || key === '_or') {
      kept[key] = Array.isArray(value) ? value.map((part) => rewriteFilter(collection, part)) : value;
    } else if (key === '_some' || key === '_none') {
      kept[key] = rewriteFilter(collection, value);
    } else if (key in shadows && isPlainObject(value)) {
      const onField: Record<string, unknown> = {};
      const onShadow: Record<string, unknown> = {};
      for (const [operator, operand] of Object.entries(value)) {
        if (CASE_INSENSITIVE_OPERATORS.has(operator) && typeof operand === 'string') onShadow[operator] = operand.toLowerCase();
        else onField[operator] = operand;
      }
      if (Object.keys(onShadow).length > 0) parts.push({ [shadows[key] as string]: onShadow });
      if (Object.keys(onField).length > 0) parts.push({ [key]: onField });
    } else if (key in related && isPlainObject(value)) {
      kept[key] = rewriteFilter(related[key] as string, value);
    } else {
      kept[key] = value;
    }
  }
  if (parts.length === 0) return kept;
  // Several parts at one level are ANDed, as Directus ANDs the keys of one filter object.
  const all = Object.keys(kept).length > 0 ? [kept, ...parts] : parts;
  return all.length === 1 ? all[0] : { _and: all };
}

/** A query with its filter rewritten (rewriteFilter); a query without a filter is returned unchanged. */
export function rewriteQuery<Q extends { filter?: unknown }>(collection: string, query: Q): Q {
  if (query.filter === undefined || query.filter === null) return query;
  return { ...query, filter: rewriteFilter(collection, query.filter) };
}
