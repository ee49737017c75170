import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { posix } from 'node:path';
import { repoRoot } from '../../platform/paths.js';

/**
 * The floors of the house (README, "Layout"): a folder may import from the folders listed for it
 * and from nothing above. Tests and benchmarks stand on top and may import anything. Longest
 * prefix wins, so `cms/extensions/` is stricter than `cms/`.
 */
const FLOORS: { prefix: string; mayImport: string[] }[] = [
  { prefix: 'core/', mayImport: ['core/'] },
  { prefix: 'platform/', mayImport: ['core/', 'platform/'] },
  { prefix: 'migrations/', mayImport: ['core/', 'platform/', 'migrations/'] },
  // An extension is bundled into one file that Directus loads: the pure core and its own folder only.
  { prefix: 'cms/extensions/', mayImport: ['core/', 'cms/extensions/<own>/'] },
  { prefix: 'cms/', mayImport: ['core/', 'platform/', 'migrations/', 'cms/'] },
  { prefix: 'content/', mayImport: ['core/', 'platform/', 'content/'] },
  { prefix: 'site/', mayImport: ['core/', 'platform/', 'site/'] },
  { prefix: 'publishing/', mayImport: ['core/', 'platform/', 'content/', 'site/', 'publishing/'] },
  { prefix: 'scripts/', mayImport: ['core/', 'platform/', 'migrations/', 'cms/', 'content/', 'site/', 'publishing/', 'scripts/'] },
];

const isTop = (file: string) => file.startsWith('tests/') || file.startsWith('bench/') || /\.test\.ts$/.test(file);

function floorOf(file: string) {
  return FLOORS.filter((f) => file.startsWith(f.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

const SOURCE = /\.(ts|mts|mjs|js|astro|mdx)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** Every relative import of every tracked source file, resolved to a repository path. */
function importGraph(): Map<string, string[]> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((f) => SOURCE.test(f) && existsSync(posix.join(repoRoot, f)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(posix.join(repoRoot, file), 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const resolved = posix.normalize(posix.join(posix.dirname(file), match[2] as string));
      const asTs = resolved.replace(/\.js$/, '.ts');
      targets.push(existsSync(posix.join(repoRoot, asTs)) ? asTs : resolved);
    }
    graph.set(file, targets);
  }
  return graph;
}

const graph = importGraph();

test('the import graph is read from the real tree', () => {
  // Guards the guard: a regular expression that matched nothing would pass every check below.
  assert.ok(graph.size > 150, `only ${graph.size} source files found`);
  assert.ok((graph.get('scripts/start.ts') ?? []).includes('platform/paths.ts'), 'scripts/start.ts imports platform/paths.ts');
});

test('no import points from a lower floor to a higher one', () => {
  const upward: string[] = [];
  for (const [file, targets] of graph) {
    if (isTop(file)) continue;
    const floor = floorOf(file);
    if (!floor) continue;
    for (const target of targets) {
      const own = file.split('/').slice(0, 3).join('/');
      const allowed = floor.mayImport.map((prefix) => prefix.replace('cms/extensions/<own>', own));
      if (!allowed.some((prefix) => target.startsWith(prefix))) upward.push(`${file} → ${target}`);
    }
  }
  assert.deepEqual(upward, [], 'imports that reach up a floor (move the shared piece down, or the importer up)');
});

test('scripts/ holds the command-line entry points only: nothing imports a script', () => {
  const intoScripts = [...graph].flatMap(([file, targets]) => targets.filter((t) => t.startsWith('scripts/')).map((t) => `${file} → ${t}`));
  assert.deepEqual(intoScripts, []);
});

test('no module imports itself through a cycle', () => {
  // Tarjan's strongly connected components over the non-test modules.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next) || isTop(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!isTop(node) && !index.has(node)) visit(node);
  assert.deepEqual(cycles, []);
});
