/**
 * Sizes as Directus's settings write them (`MAX_PAYLOAD_SIZE=1mb`): a number of bytes, or a
 * number with a unit b, kb, mb, gb (powers of 1024, case-insensitive) — the rules of the `bytes`
 * package that Directus's body parser applies, so a limit means here what it means there.
 */

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };
const SIZE = /^((?:-|\+)?\d+(?:\.\d+)?) *(b|kb|mb|gb|tb|pb)?$/i;

/** Bytes, or null when the text is not a size. */
export function parseByteSize(text: string): number | null {
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 'b').toLowerCase();
  const bytes = Math.floor(value * (UNITS[unit] as number));
  return Number.isFinite(bytes) && bytes >= 0 ? bytes : null;
}

/** `3.1 MB`, `980 KB`, `512 B`: for messages. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
