import { isKbError } from '../../core/errors.js';
import { isProvisionalCode, provisionalCode, provisionalPath } from '../../core/provisional-code.js';
import { compareCodes, nextFreeCode, parentCodeOf } from '../../core/section-code.js';
import { sectionHref } from '../../core/section-links.js';
import type { SourceMessage } from '../../core/source-message.js';
import type { SourceSection } from '../../core/source-section.js';

/** What give-codes needs of a stored section. */
export interface StoredPlace {
  id: string;
  code: string | null;
  source: string | null;
}

/** The code an article without a number got in this run. */
export interface GivenCode {
  /** The article (`./configs/server1/README.md`), or the folder (`./configs/`) for one without an article. */
  path: string;
  code: string;
  title: string;
  /** `kept`: the code an earlier import gave it (found by its source path); `new`: the next free one. */
  how: 'kept' | 'new';
}

export interface GivenCodes {
  /** Every section with a real code; the parents and the links that named provisional codes, too. */
  sections: SourceSection[];
  /** Source path order. */
  given: GivenCode[];
  problems: SourceMessage[];
}

/**
 * Replaces the provisional codes of articles without a number (core/provisional-code.ts) by
 * real ones, from what is stored: a stored section with the article's id (an export) or its
 * `source` path keeps its code, so a re-import finds it unchanged however the tree around it
 * grew; any other gets the next free code under its parent (the rule the Directus hook applies
 * to an empty code: the highest sibling + 1), counting stored codes and every code of this
 * import. Parents are coded before their children, siblings in source path order, so the same
 * tree and the same store always give the same codes. Pure.
 */
export function giveCodes(incoming: readonly SourceSection[], stored: readonly StoredPlace[]): GivenCodes {
  const provisional = incoming.filter((s) => isProvisionalCode(s.code));
  if (provisional.length === 0) return { sections: [...incoming], given: [], problems: [] };

  const taken = new Set<string>();
  for (const s of stored) if (s.code && !isProvisionalCode(s.code)) taken.add(s.code);
  const claimedBy = new Map<string, SourceSection>();
  for (const s of incoming) {
    if (isProvisionalCode(s.code)) continue;
    taken.add(s.code);
    claimedBy.set(s.code, s);
  }
  const storedById = new Map(stored.filter((s) => s.code).map((s) => [s.id, s]));
  const storedBySource = new Map<string, StoredPlace>();
  // Lowest code first, so that of two stored sections with one source the choice is always the same.
  for (const s of [...stored].filter((x) => x.code && x.source).sort((a, b) => compareCodes(a.code as string, b.code as string))) {
    if (!storedBySource.has(s.source as string)) storedBySource.set(s.source as string, s);
  }

  const byProvisional = new Map(provisional.map((s) => [s.code, s]));
  const depth = (section: SourceSection): number => {
    let n = 0;
    for (let p = section.parentCode; isProvisionalCode(p); p = byProvisional.get(p)?.parentCode ?? null) n += 1;
    return n;
  };
  const order = provisional
    .map((section) => ({ section, depth: depth(section), path: provisionalPath(section.code) }))
    .sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const codes = new Map<string, string>();
  const parents = new Map<string, string | null>();
  const given: GivenCode[] = [];
  const problems: SourceMessage[] = [];
  const usedStored = new Set<string>();
  for (const { section, path } of order) {
    const at = { file: section.file, line: section.line };
    const parent = isProvisionalCode(section.parentCode) ? codes.get(section.parentCode) : section.parentCode;
    // Its parent could not be coded: that problem is already reported.
    if (parent === undefined) continue;
    const match = (section.id ? storedById.get(section.id) : undefined) ?? (section.source ? storedBySource.get(section.source) : undefined);
    let code: string;
    let how: GivenCode['how'];
    if (match && !usedStored.has(match.id)) {
      code = match.code as string;
      how = 'kept';
      const claimant = claimedBy.get(code);
      if (claimant) {
        problems.push({
          ...at,
          message: `Статья без номера получила при прошлом импорте код ${code} (раздел найден по пути ${section.source ?? path}), а теперь этот код в дереве у раздела «${claimant.title}» (${claimant.file}${claimant.line ? `:${claimant.line}` : ''}): дайте номер одной из статей в имени файла или папки, или перенесите раздел ${code} в Directus`,
        });
        continue;
      }
      usedStored.add(match.id);
      // Moved in Directus since: it stays where the editors put it.
      parents.set(section.code, parentCodeOf(code));
    } else {
      try {
        code = nextFreeCode(parent, taken);
      } catch (error) {
        if (!isKbError(error)) throw error;
        problems.push({ ...at, message: `Статье без номера «${section.title}» нельзя дать код под ${parent ?? 'корнем'}: ${error.message} — дайте ей номер в имени файла или перенесите её выше по дереву` });
        continue;
      }
      how = 'new';
      parents.set(section.code, parent);
    }
    taken.add(code);
    codes.set(section.code, code);
    given.push({ path: section.weak && path.endsWith('/README.md') ? path.slice(0, -'README.md'.length) : path, code, title: section.title, how });
  }

  const sections = incoming.map((section): SourceSection => {
    const code = codes.get(section.code) ?? section.code;
    const parentCode = parents.has(section.code) ? (parents.get(section.code) ?? null) : isProvisionalCode(section.parentCode) ? (codes.get(section.parentCode) ?? section.parentCode) : section.parentCode;
    return { ...section, code, parentCode, body: relink(section.body, codes) };
  });
  given.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sections, given, problems };
}

/** How every link to a provisional code starts (`/c/~`). */
const PROVISIONAL_LINK = sectionHref(provisionalCode('')).replace(/\/$/, '');

/** Links the parser made to a provisional code (`/c/~./configs/server1/README.md/`) now name the real one. */
function relink(body: string, codes: ReadonlyMap<string, string>): string {
  if (!body.includes(PROVISIONAL_LINK)) return body;
  let text = body;
  for (const [provisional, code] of codes) text = text.replaceAll(sectionHref(provisional), sectionHref(code));
  return text;
}
