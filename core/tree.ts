import { KbError } from './errors.js';
import { compareCodes } from './section-code.js';

export interface TreeItem {
  id: string;
  parent: string | null;
  code: string | null;
}

export interface Tree<T extends TreeItem> {
  roots: readonly T[];
  /** Items whose parent id does not exist; kept out of roots so they do not pose as chapters. */
  orphans: readonly T[];
  byId: ReadonlyMap<string, T>;
  childrenOf(id: string): readonly T[];
  /** From the root down to the parent, the order breadcrumbs need; the item itself is not included. */
  ancestorsOf(id: string): T[];
  /** Depth-first in code order, the item itself not included. */
  descendantsOf(id: string): T[];
}

// Sections without a code yet go last; sort stability keeps their input order.
function byCode(a: TreeItem, b: TreeItem): number {
  if (a.code === null || b.code === null) return a.code === b.code ? 0 : a.code === null ? 1 : -1;
  return compareCodes(a.code, b.code);
}

export function buildTree<T extends TreeItem>(items: readonly T[]): Tree<T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    if (byId.has(item.id)) throw new KbError('malformed-data', `Section id ${item.id} occurs twice`);
    byId.set(item.id, item);
  }
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  const orphans: T[] = [];
  for (const item of items) {
    if (item.parent === null) roots.push(item);
    else if (!byId.has(item.parent)) orphans.push(item);
    else {
      const siblings = children.get(item.parent);
      if (siblings) siblings.push(item);
      else children.set(item.parent, [item]);
    }
  }
  roots.sort(byCode);
  orphans.sort(byCode);
  for (const siblings of children.values()) siblings.sort(byCode);

  const childrenOf = (id: string): readonly T[] => children.get(id) ?? [];

  // Both walks carry a seen-set because stored data may already contain a cycle.
  const ancestorsOf = (id: string): T[] => {
    const chain: T[] = [];
    const seen = new Set<string>([id]);
    let parentId = byId.get(id)?.parent ?? null;
    while (parentId !== null && !seen.has(parentId)) {
      const parent = byId.get(parentId);
      if (!parent) break;
      seen.add(parentId);
      chain.push(parent);
      parentId = parent.parent;
    }
    return chain.reverse();
  };

  const descendantsOf = (id: string): T[] => {
    const result: T[] = [];
    const seen = new Set<string>([id]);
    const stack = [...childrenOf(id)].reverse();
    while (stack.length > 0) {
      const item = stack.pop() as T;
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      result.push(item);
      const next = childrenOf(item.id);
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as T);
    }
    return result;
  };

  return { roots, orphans, byId, childrenOf, ancestorsOf, descendantsOf };
}

type Link = Pick<TreeItem, 'id' | 'parent'>;

/**
 * The ancestors of `id` by `parentOf`, nearest first, up to a root or the first one met twice
 * (`cycleAt`, where the walk would go round). An id missing from `parentOf` ends the chain: the
 * chain's last entry may be a parent that does not exist.
 */
export function parentChain(id: string, parentOf: ReadonlyMap<string, string | null>): { chain: string[]; cycleAt: string | null } {
  const chain: string[] = [];
  const seen = new Set<string>([id]);
  for (let current = parentOf.get(id) ?? null; current !== null; current = parentOf.get(current) ?? null) {
    if (seen.has(current)) return { chain, cycleAt: current };
    seen.add(current);
    chain.push(current);
  }
  return { chain, cycleAt: null };
}

/** True when giving `id` the parent `newParent` would make it its own ancestor. */
export function wouldCreateCycle(items: Iterable<Link>, id: string, newParent: string | null): boolean {
  if (newParent === null) return false;
  const parentOf = new Map<string, string | null>();
  for (const item of items) parentOf.set(item.id, item.parent);
  parentOf.set(id, newParent);
  return parentChain(id, parentOf).cycleAt === id;
}

export function findOrphans<T extends Link>(items: readonly T[]): T[] {
  const ids = new Set(items.map((item) => item.id));
  return items.filter((item) => item.parent !== null && !ids.has(item.parent));
}
