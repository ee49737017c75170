import { isKbError } from '../../../../core/errors.js';
import {
  checkCode,
  codeDepth,
  lastSegment,
  nextFreeCode,
  normaliseCode,
  recodeSubtree,
  type CodeProblem,
} from '../../../../core/section-code.js';
import { buildTree, wouldCreateCycle } from '../../../../core/tree.js';
import { slugify, uniqueSlug } from '../../../../core/slug.js';
import { conflict, invalid } from './errors.js';
import type { SectionRow, SectionsStore } from './sections-store.js';

type Payload = Record<string, unknown>;

/** A relation value as the API may send it: an id, or an object carrying one. */
export function relationId(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'id' in value && typeof (value as { id: unknown }).id === 'string') return (value as { id: string }).id;
  throw invalid('Родительский раздел нужно указать ссылкой на существующий раздел (его id); сначала создайте родителя');
}

function problemError(problem: CodeProblem): Error {
  return problem.kind === 'taken' ? conflict(problem.message) : invalid(problem.message);
}

function nextCode(parentCode: string | null, taken: string[]): string {
  try {
    return nextFreeCode(parentCode, taken);
  } catch (error) {
    if (isKbError(error)) throw error.kind === 'conflict' ? conflict(error.message) : invalid(error.message);
    throw error;
  }
}

async function loadParent(store: SectionsStore, parentId: string | null): Promise<SectionRow | null> {
  if (parentId === null) return null;
  const parent = await store.get(parentId);
  if (!parent) throw invalid(`Родительский раздел ${parentId} не найден: выберите существующий раздел или оставьте поле пустым для главы`);
  if (!parent.code) throw invalid(`У родительского раздела «${parent.title}» нет кода; сначала присвойте код ему`);
  return parent;
}

async function checkedCode(store: SectionsStore, raw: string, parentCode: string | null, selfId: string | null): Promise<string> {
  const code = normaliseCode(raw);
  const holder = await store.codeTakenBy(code);
  const problem = checkCode({ code, parentCode, takenCodes: holder && holder !== selfId ? [code] : [] });
  if (problem) throw problemError(problem);
  return code;
}

async function siblingSlugs(store: SectionsStore, parentId: string | null, selfId: string | null): Promise<string[]> {
  return (await store.children(parentId)).filter((s) => s.id !== selfId && s.slug).map((s) => s.slug as string);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The next free code below a section (or the next chapter code), for a section placed there. */
export async function nextCodeUnder(store: SectionsStore, parentId: string | null): Promise<string> {
  const parentCode = (await loadParent(store, parentId))?.code ?? null;
  return nextCode(parentCode, await store.codesDirectlyUnder(parentCode));
}

/**
 * Fills and checks code, slug and owner of a new section. With `codeAfterInsert` a blank code is
 * left out: Directus checks the fields of the filtered payload against the caller's field
 * permissions, and a student may not write the code, so the hook gives it once the row is written
 * (`verifyWrittenSection`, in the same transaction and under the same lock).
 */
export async function prepareCreate(store: SectionsStore, payload: Payload, userId: string | null, codeAfterInsert = false): Promise<Payload> {
  const parentId = relationId(payload.parent);
  const parent = await loadParent(store, parentId);
  const parentCode = parent?.code ?? null;
  const later = codeAfterInsert && isBlank(payload.code);
  const code = later
    ? null
    : isBlank(payload.code)
      ? nextCode(parentCode, await store.codesDirectlyUnder(parentCode))
      : await checkedCode(store, String(payload.code), parentCode, null);

  const taken = await siblingSlugs(store, parentId, null);
  let slug: string;
  if (isBlank(payload.slug)) {
    slug = uniqueSlug(slugify(String(payload.title ?? '')), taken);
  } else {
    slug = slugify(String(payload.slug));
    if (taken.includes(slug)) throw conflict(`Адрес «${slug}» уже занят соседним разделом; выберите другой или оставьте поле пустым`);
  }

  const prepared: Payload = { ...payload, slug };
  if (later) delete prepared.code;
  else prepared.code = code;
  if (payload.owner === undefined && userId) prepared.owner = userId;
  if (payload.previous_codes === undefined && !later) prepared.previous_codes = [];
  return prepared;
}

export interface UpdatePlan {
  payload: Payload;
  /** Set when the section got a new code: its descendants follow after the update commits. */
  recodedSection: string | null;
}

const STRUCTURAL = ['parent', 'code', 'slug'];

/** Moves, re-codes and slug changes: validated here, the subtree follows in `repairSubtreeCodes`. */
export async function prepareUpdate(store: SectionsStore, keys: readonly string[], payload: Payload): Promise<UpdatePlan> {
  if (!STRUCTURAL.some((field) => field in payload)) return { payload, recodedSection: null };
  if (keys.length !== 1) {
    throw invalid('Перенос, код и адрес меняются у одного раздела за раз: выберите один раздел');
  }
  const id = keys[0] as string;
  const before = await store.get(id);
  if (!before) return { payload, recodedSection: null };

  const parentId = 'parent' in payload ? relationId(payload.parent) : before.parent;
  const parentChanged = parentId !== before.parent;
  const all = parentChanged || 'code' in payload ? await store.all() : [];
  if (parentChanged && parentId !== null && wouldCreateCycle(all, id, parentId)) {
    const target = all.find((s) => s.id === parentId);
    throw invalid(
      parentId === id
        ? `Раздел ${before.code ?? ''} не может быть родителем самому себе`
        : `Нельзя вложить раздел ${before.code ?? ''} в его собственный подраздел ${target?.code ?? ''}: получился бы цикл`,
    );
  }
  const parent = await loadParent(store, parentId);
  const parentCode = parent?.code ?? null;

  let code = before.code;
  if ('code' in payload && !isBlank(payload.code)) {
    code = await checkedCode(store, String(payload.code), parentCode, id);
  } else if (parentChanged || 'code' in payload) {
    code = nextCode(parentCode, (await store.codesDirectlyUnder(parentCode)).filter((c) => c !== before.code));
  }

  const prepared: Payload = { ...payload };
  let recodedSection: string | null = null;
  if (code !== before.code && code !== null) {
    if (before.code) {
      const tree = buildTree(all);
      // Only the codes that follow this one: in a tree already broken (a cycle, a misplaced code) the
      // others are left to the tree doctor, so the admin's repair of it is not refused.
      const descendantCodes = tree
        .descendantsOf(id)
        .map((s) => s.code)
        .filter((c): c is string => Boolean(c) && (c as string).startsWith(`${before.code}.`));
      const recoded = recodeSubtree({ oldCode: before.code, newCode: code, descendantCodes });
      if (!recoded.ok) throw invalid(recoded.problem.message);
    }
    prepared.code = code;
    prepared.previous_codes = before.code ? [...new Set([...before.previous_codes, before.code])].filter((c) => c !== code) : before.previous_codes;
    recodedSection = id;
  } else if ('code' in payload) {
    prepared.code = before.code;
  }

  if ('slug' in payload || parentChanged) {
    const taken = await siblingSlugs(store, parentId, id);
    if (!isBlank(payload.slug)) {
      const slug = slugify(String(payload.slug));
      if (taken.includes(slug)) throw conflict(`Адрес «${slug}» уже занят соседним разделом; выберите другой`);
      prepared.slug = slug;
    } else {
      prepared.slug = uniqueSlug(before.slug ?? slugify(before.title), taken);
    }
  }
  return { payload: prepared, recodedSection };
}

export interface CodeUpdate {
  id: string;
  code: string;
  previous_codes: string[];
}

/**
 * After a section's code changed, every descendant takes its parent's code plus its own last
 * number, keeping the old code for redirects. Derived from the stored tree, so running it again
 * (or after a crash midway) converges instead of compounding.
 */
export function planSubtreeRecode(all: readonly SectionRow[], rootId: string): CodeUpdate[] {
  const tree = buildTree(all);
  const updates: CodeUpdate[] = [];
  const walk = (parentId: string, parentCode: string) => {
    for (const child of tree.childrenOf(parentId)) {
      let childCode = child.code;
      if (child.code) {
        const expected = `${parentCode}.${String(lastSegment(child.code)).padStart(2, '0')}`;
        if (expected !== child.code && codeDepth(expected) <= 4) {
          updates.push({ id: child.id, code: expected, previous_codes: [...new Set([...child.previous_codes, child.code])] });
          childCode = expected;
        }
      }
      if (childCode) walk(child.id, childCode);
    }
  };
  const root = tree.byId.get(rootId);
  if (root?.code) walk(rootId, root.code);
  return updates;
}
