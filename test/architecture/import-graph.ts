import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Repository-relative, forward-slashed file path → the files it imports (relative imports only). */
export type ImportGraph = Map<string, string[]>;

// `import … from 'x'`, `export … from 'x'`, `import 'x'` at the start of a line (multi-line import lists
// included: they hold no quote or semicolon before `from`), and `import('x')` anywhere. Type-only imports
// count: a circle of types is still two modules that cannot be understood apart.
const IMPORT =
  /(?:^|\n)[ \t]*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Every module specifier a source text imports or re-exports, in order of appearance. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? '');
}

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const RESOLVE_AS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/**
 * The import graph of every source file under `dir` (relative to `root`): relative imports resolved to files,
 * packages and Node built-ins left out (the layer rules in biome.json deal with those). An import that
 * resolves to nothing is reported as an edge to `missing:<specifier>` so that a typo cannot hide an edge.
 */
export function buildImportGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of listFiles(path.join(root, dir))) {
    const from = toKey(root, file);
    if (!SOURCE.test(file)) {
      graph.set(from, []);
      continue;
    }
    const targets = importSpecifiers(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        const found = RESOLVE_AS.map((suffix) => base + suffix).find(
          (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
        );
        return found ? toKey(root, found) : `missing:${spec}`;
      });
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The circles of a graph: each strongly connected component of more than one node (or a node importing
 * itself), as a path that starts and ends at the same node, e.g. `a.ts → b.ts → a.ts`. Tarjan's algorithm.
 */
export function findCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    const selfLoop = (graph.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) components.push(component.sort());
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => circleThrough(graph, component));
}

/** One concrete circle inside a strongly connected component, for a readable failure message. */
function circleThrough(graph: ReadonlyMap<string, readonly string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0] as string;
  // Breadth-first from start back to start, staying inside the component: the shortest circle through it.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const circle = [start];
        for (let at = node; at !== start; at = previous.get(at) as string) circle.unshift(at);
        circle.unshift(start);
        return circle;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}

/**
 * The graph of core's rooms: `src/main/core/<room>/…` is the room `<room>`, a file directly in core is a room
 * of its own (`errors`). An edge for each import from one room into another, except the `allowed` file edges.
 */
export function roomGraph(
  graph: ImportGraph,
  coreDir: string,
  allowed: readonly { from: string; to: string }[] = [],
): Map<string, string[]> {
  const roomOf = (file: string): string | null => {
    if (!file.startsWith(`${coreDir}/`)) return null;
    const [first = '', ...rest] = file.slice(coreDir.length + 1).split('/');
    return rest.length === 0 ? first.replace(SOURCE, '') : first;
  };
  const rooms = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const room = roomOf(from);
    if (room === null) continue;
    const edges = rooms.get(room) ?? new Set<string>();
    rooms.set(room, edges);
    for (const to of targets) {
      const target = roomOf(to);
      if (target === null || target === room) continue;
      if (allowed.some((edge) => edge.from === from && edge.to === to)) continue;
      edges.add(target);
    }
  }
  return new Map([...rooms].map(([room, edges]) => [room, [...edges].sort()]));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function toKey(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
