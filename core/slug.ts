export const MAX_SLUG_LENGTH = 80;
export const FALLBACK_SLUG = 'section';

// Russian plus the Kazakh letters, in a scheme readers recognise (close to the passport one).
const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

function transliterate(text: string): string {
  let out = '';
  for (const char of text) out += TRANSLIT[char] ?? char;
  return out;
}

function truncateAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  // Cut between words; a single overlong word has no boundary and is cut hard.
  const boundary = slug[max] === '-' ? max : cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : cut).replace(/-+$/, '');
}

export function slugify(title: string): string {
  const latin = transliterate(title.toLowerCase())
    // Decompose only after transliteration, which needs й and ё whole; drops Latin accents.
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  const slug = latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const short = truncateAtHyphen(slug, MAX_SLUG_LENGTH);
  return short === '' ? FALLBACK_SLUG : short;
}

/** Slugs are unique among siblings only, so callers pass the siblings' slugs. */
export function uniqueSlug(base: string, takenSiblingSlugs: Iterable<string>): string {
  const taken = new Set(takenSiblingSlugs);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** `02.01` + `servers` → `02-01-servers`; the code keeps URLs ordered and stable across renames. */
export function sectionPathSegment(code: string, slug: string): string {
  return `${code.replaceAll('.', '-')}-${slug}`;
}

/** Ancestors first, then the section: `/02-infrastructure/02-01-servers/`. */
export function sectionPath(chain: readonly { code: string; slug: string }[]): string {
  return `/${chain.map((item) => `${sectionPathSegment(item.code, item.slug)}/`).join('')}`;
}
