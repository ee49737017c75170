/**
 * True when every key of `wanted` has the same value in `actual` (recursively for objects,
 * exactly for arrays). Directus adds its own keys to what it stores, so "already as wanted" means
 * "contains what we asked for", not "is identical".
 */
export function containsShape(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') return normalise(actual) === normalise(wanted);
  if (Array.isArray(wanted)) {
    return Array.isArray(actual) && actual.length === wanted.length && wanted.every((item, i) => deepEqual(actual[i], item));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(wanted as Record<string, unknown>).every(([key, value]) => containsShape(record[key], value));
}

function deepEqual(a: unknown, b: unknown): boolean {
  return containsShape(a, b) && containsShape(b, a);
}

// Databases hand booleans and numbers back in their own ways (SQLite: 0/1), and absent means null.
function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === true) return 1;
  if (value === false) return 0;
  return value;
}
