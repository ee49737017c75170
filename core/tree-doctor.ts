import {
  MAX_CODE_DEPTH,
  MAX_CODE_SEGMENT,
  childCode,
  codeDepth,
  compareCodes,
  isValidCodeFormat,
  nextFreeCode,
  parentCodeOf,
} from './section-code.js';
import { parentChain } from './tree.js';

/**
 * The tree doctor's planner: finds what no write through the hook can produce but a crash, a race of
 * an older version or legacy data can — parent cycles, parents that are gone, codes used twice, codes
 * outside their parent's code, sections deeper than four levels — and plans the writes that repair it.
 * Pure: `npm run doctor` reads the tree, prints this plan and applies it (scripts/doctor.ts).
 */

export interface DoctorSection {
  id: string;
  parent: string | null;
  code: string | null;
  title: string;
  previous_codes: readonly string[];
}

export type TreeProblem =
  | { kind: 'cycle'; ids: string[]; codes: (string | null)[] }
  | { kind: 'orphan'; id: string; code: string | null; missingParent: string }
  | { kind: 'too-deep'; id: string; code: string | null; depth: number }
  | { kind: 'duplicate-code'; id: string; code: string; heldBy: string }
  | { kind: 'misplaced-code'; id: string; code: string | null; parentCode: string | null };

export interface TreeRepair {
  id: string;
  title: string;
  from: { parent: string | null; code: string | null };
  to: { parent: string | null; code: string };
}

export interface TreeDiagnosis {
  problems: TreeProblem[];
  /** In the order to apply: a parent's repair comes before its children's. */
  repairs: TreeRepair[];
}

interface Node {
  id: string;
  parent: string | null;
  code: string | null;
}

function byCodeThenId(a: Node, b: Node): number {
  if (a.code !== null && b.code !== null) {
    const diff = compareCodes(a.code, b.code);
    if (diff !== 0) return diff;
  } else if (a.code !== b.code) return a.code === null ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The cycles of the parent graph, each once, as member ids in parent order from the member to cut. */
function findCycles(parentOf: ReadonlyMap<string, string | null>, nodes: ReadonlyMap<string, Node>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const start of [...nodes.keys()].sort()) {
    const path: string[] = [];
    let current: string | null = start;
    while (current !== null && nodes.has(current) && !state.has(current)) {
      state.set(current, 'open');
      path.push(current);
      current = parentOf.get(current) ?? null;
    }
    if (current !== null && state.get(current) === 'open') cycles.push(path.slice(path.indexOf(current)));
    for (const id of path) state.set(id, 'done');
  }
  return cycles;
}

export function diagnoseTree(sections: readonly DoctorSection[]): TreeDiagnosis {
  const problems: TreeProblem[] = [];
  const nodes = new Map<string, Node>(sections.map((s) => [s.id, { id: s.id, parent: s.parent, code: s.code }]));
  const parentOf = new Map<string, string | null>(sections.map((s) => [s.id, s.parent]));
  const byCurrentCode = new Map<string, string>();
  for (const s of [...sections].sort(byCodeThenId)) if (s.code && !byCurrentCode.has(s.code)) byCurrentCode.set(s.code, s.id);
  const isUnder = (candidate: string, root: string) => candidate === root || parentChain(candidate, parentOf).chain.includes(root);

  // The parent a code names, when that section exists outside `id`'s own subtree.
  const parentNamedBy = (id: string, code: string): { found: boolean; parent: string | null } => {
    const parentCode = parentCodeOf(code);
    if (parentCode === null) return { found: true, parent: null };
    const holder = byCurrentCode.get(parentCode);
    return holder && !isUnder(holder, id) ? { found: true, parent: holder } : { found: false, parent: null };
  };

  // The code a repaired section goes back to when it is still free (the one it had before a raced move).
  const preferredCode = new Map<string, string>();

  // 1. Parents that are gone: the parent the section's code names, else it becomes a chapter.
  for (const s of sections) {
    if (s.parent !== null && !nodes.has(s.parent)) {
      problems.push({ kind: 'orphan', id: s.id, code: s.code, missingParent: s.parent });
      parentOf.set(s.id, null);
      const named = s.code ? parentNamedBy(s.id, s.code) : { found: false, parent: null };
      parentOf.set(s.id, named.parent);
    }
  }

  // 2. Cycles: cut each at its member with the shortest code and put that one back where one of its
  // codes (current, then the previous ones, newest first) says it was — what a raced move undoes.
  for (const cycle of findCycles(parentOf, nodes)) {
    const members = cycle.map((id) => nodes.get(id) as Node);
    problems.push({ kind: 'cycle', ids: cycle, codes: members.map((m) => m.code) });
    const cut = [...members].sort((a, b) => (codeDepth(a.code ?? '') || 99) - (codeDepth(b.code ?? '') || 99) || byCodeThenId(a, b))[0] as Node;
    parentOf.set(cut.id, null);
    const source = sections.find((s) => s.id === cut.id) as DoctorSection;
    const candidates = [source.code, ...[...source.previous_codes].reverse()].filter((c): c is string => Boolean(c) && isValidCodeFormat(c as string));
    for (const code of candidates) {
      const named = parentNamedBy(cut.id, code);
      if (named.found) {
        parentOf.set(cut.id, named.parent);
        preferredCode.set(cut.id, code);
        break;
      }
    }
  }

  // 3. Deeper than four levels: a section at level five moves up beside its parent, until none is.
  for (;;) {
    const tooDeep = [...nodes.keys()].sort().find((id) => parentChain(id, parentOf).chain.length >= MAX_CODE_DEPTH);
    if (!tooDeep) break;
    const { chain } = parentChain(tooDeep, parentOf);
    problems.push({ kind: 'too-deep', id: tooDeep, code: nodes.get(tooDeep)?.code ?? null, depth: chain.length + 1 });
    parentOf.set(tooDeep, chain[chain.length - MAX_CODE_DEPTH + 1] as string);
  }

  // 4. Codes, top-down: a child keeps a code that lies directly under its parent's final code and is
  // not a sibling's; any other gets its own last number under the parent, or the next free one. A code
  // another section holds now is never handed out, so each repair can be written on its own.
  const finalCode = new Map<string, string>();
  const childrenOf = new Map<string | null, Node[]>();
  for (const node of nodes.values()) {
    const parent = parentOf.get(node.id) ?? null;
    const list = childrenOf.get(parent) ?? [];
    list.push(node);
    childrenOf.set(parent, list);
  }
  // Of two sections with one code, the one whose children's codes agree with it is the real holder.
  const agreeing = (node: Node) => (childrenOf.get(node.id) ?? []).filter((c) => node.code && c.code?.startsWith(`${node.code}.`)).length;
  const bySiblingRank = (a: Node, b: Node) => (a.code !== null && a.code === b.code ? agreeing(b) - agreeing(a) || byCodeThenId(a, b) : byCodeThenId(a, b));
  const heldNow = new Set(byCurrentCode.keys());
  const place = (parent: string | null, parentCode: string | null) => {
    const children = (childrenOf.get(parent) ?? []).sort(bySiblingRank);
    const taken = new Set<string>();
    const pending: Node[] = [];
    for (const child of children) {
      if (child.code !== null && isValidCodeFormat(child.code) && parentCodeOf(child.code) === parentCode && !taken.has(child.code)) {
        taken.add(child.code);
        finalCode.set(child.id, child.code);
      } else pending.push(child);
    }
    for (const child of pending) {
      if (child.code !== null && taken.has(child.code) && parentCodeOf(child.code) === parentCode) {
        const holder = children.find((c) => c.code === child.code && finalCode.get(c.id) === c.code) as Node;
        problems.push({ kind: 'duplicate-code', id: child.id, code: child.code, heldBy: holder.id });
      } else {
        problems.push({ kind: 'misplaced-code', id: child.id, code: child.code, parentCode });
      }
      const segment = child.code && isValidCodeFormat(child.code) ? Number(child.code.slice(child.code.lastIndexOf('.') + 1)) : NaN;
      const own = segment >= 1 && segment <= MAX_CODE_SEGMENT ? childCode(parentCode, segment) : null;
      const free = (c: string | null | undefined): c is string => Boolean(c) && parentCodeOf(c as string) === parentCode && !taken.has(c as string) && (!heldNow.has(c as string) || byCurrentCode.get(c as string) === child.id);
      const preferred = preferredCode.get(child.id);
      const code = free(preferred) ? preferred : free(own) ? own : nextFreeCode(parentCode, [...taken, ...heldNow]);
      taken.add(code);
      finalCode.set(child.id, code);
    }
    for (const child of children) place(child.id, finalCode.get(child.id) as string);
  };
  place(null, null);

  const repairs: TreeRepair[] = [];
  const visit = (parent: string | null) => {
    for (const child of (childrenOf.get(parent) ?? []).sort(byCodeThenId)) {
      const source = sections.find((s) => s.id === child.id) as DoctorSection;
      const to = { parent: parentOf.get(child.id) ?? null, code: finalCode.get(child.id) as string };
      if (to.parent !== source.parent || to.code !== source.code) {
        repairs.push({ id: child.id, title: source.title, from: { parent: source.parent, code: source.code }, to });
      }
      visit(child.id);
    }
  };
  visit(null);
  return { problems, repairs };
}

export type DoctorLanguage = 'ru' | 'en';


/** One line per problem and per repair, in the CLIs' style: Russian first, the English in brackets. */
export function formatDiagnosis(diagnosis: TreeDiagnosis, sections: readonly DoctorSection[]): string[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const name = (id: string) => {
    const s = byId.get(id);
    return s ? `${s.code ?? '(без кода)'} «${s.title}»` : id;
  };
  if (diagnosis.problems.length === 0) return ['Дерево разделов в порядке: циклов, потерянных родителей, повторных и чужих кодов нет (the tree is sound).'];
  const lines = [`Найдено проблем (problems found): ${diagnosis.problems.length}`];
  for (const p of diagnosis.problems) {
    switch (p.kind) {
      case 'cycle':
        lines.push(`  цикл (cycle): ${p.ids.map(name).join(' → ')} → снова ${name(p.ids[0] as string)}`);
        break;
      case 'orphan':
        lines.push(`  потерян родитель (orphan): ${name(p.id)} ссылается на несуществующий раздел ${p.missingParent}`);
        break;
      case 'too-deep':
        lines.push(`  слишком глубоко (deeper than ${MAX_CODE_DEPTH}): ${name(p.id)} на уровне ${p.depth}`);
        break;
      case 'duplicate-code':
        lines.push(`  повторный код (duplicate code): ${name(p.id)} — код ${p.code} уже у ${name(p.heldBy)}`);
        break;
      case 'misplaced-code':
        lines.push(
          `  код не внутри родителя (code outside its parent): ${name(p.id)} — ${p.parentCode === null ? 'у главы код из одного уровня' : `код должен начинаться с ${p.parentCode}.`}`,
        );
        break;
    }
  }
  const newCode = new Map(diagnosis.repairs.map((r) => [r.id, r.to.code]));
  const codeOf = (id: string | null, after: boolean) => (id === null ? '—' : ((after ? newCode.get(id) : undefined) ?? byId.get(id)?.code ?? id));
  lines.push(`План исправлений (repairs): ${diagnosis.repairs.length}`);
  for (const r of diagnosis.repairs) {
    const moved = r.from.parent !== r.to.parent ? `, родитель (parent) ${codeOf(r.from.parent, false)} → ${codeOf(r.to.parent, true)}` : '';
    lines.push(`  ${r.from.code ?? '(без кода)'} → ${r.to.code} «${r.title}»${moved}`);
  }
  return lines;
}
