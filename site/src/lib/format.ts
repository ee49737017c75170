const dateFormat = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Almaty' });

// Intl formatting is slow next to the rest of a page, and the status board prints every
// section's date on several pages per publish: each distinct value is formatted once.
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 50_000;

/** `14 июля 2025 г.` in the team's time zone; empty for a missing date. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const known = formatted.get(iso);
  if (known !== undefined) return known;
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  const text = Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
  if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
  formatted.set(iso, text);
  return text;
}

/** `2025-07-14` for <time datetime>. */
export function isoDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

/** Russian plural: plural(5, ['раздел', 'раздела', 'разделов']). */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
