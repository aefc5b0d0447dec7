import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCircles, importSpecifiers, roomGraph } from './import-graph';

const root = path.resolve(import.meta.dirname, '../..');
const graph = buildImportGraph(root, 'src');
const CORE = 'src/main/core';

/**
 * Imports that break the room rules today, each to be removed when it is mended (the last test fails when an
 * entry no longer matches an import, so this list cannot go stale).
 */
const KNOWN_UPWARD_IMPORTS: { from: string; to: string }[] = [];

const show = (circle: string[]) => circle.join(' → ');

describe('import graph: the checker itself', () => {
  it('finds every form of import and re-export, type-only and dynamic ones included, not comments or text', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c-and-d';",
      "export { e } from './e';",
      "export * from './f';",
      "import './styles.css';",
      "const g = await import('./g');",
      'export const text = \'not an import from "./h"\';',
      "// import { old } from './commented-out';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a',
      '../b',
      './c-and-d',
      './e',
      './f',
      './styles.css',
      './g',
    ]);
  });

  it('reports a circle as a path through it, and none in a tree', () => {
    const circular = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['self.ts', ['self.ts']],
    ]);
    expect(findCircles(circular).map(show).sort()).toEqual([
      'a.ts → b.ts → c.ts → a.ts',
      'self.ts → self.ts',
    ]);
    expect(
      findCircles(
        new Map([
          ['a.ts', ['b.ts', 'c.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('sees the files of src (the walk and the resolver work)', () => {
    expect(graph.get('src/main/core/process/kill-tree.ts')).toContain('src/main/core/process/kill-report.ts');
    expect(graph.get('src/renderer/main.tsx')).toContain('src/renderer/styles/index.css');
    expect(graph.size).toBeGreaterThan(100);
  });
});

describe('import graph of src/', () => {
  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([from, targets]) =>
      targets.filter((to) => to.startsWith('missing:')).map((to) => `${from} imports ${to.slice(8)}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no import circle, not even through `import type` (docs/architecture.md, Dependency direction)', () => {
    expect(findCircles(graph).map(show)).toEqual([]);
  });

  it("has no circle among core's rooms: a room never imports one that imports it", () => {
    expect(findCircles(roomGraph(graph, CORE, KNOWN_UPWARD_IMPORTS)).map(show)).toEqual([]);
  });

  it('keeps hub/ at the top of core: no other room imports it', () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      from.startsWith(`${CORE}/`) && !from.startsWith(`${CORE}/hub/`)
        ? targets
            .filter((to) => to.startsWith(`${CORE}/hub/`))
            .filter((to) => !KNOWN_UPWARD_IMPORTS.some((edge) => edge.from === from && edge.to === to))
            .map((to) => `${from} → ${to}`)
        : [],
    );
    expect(upward).toEqual([]);
  });

  it('lists only known upward imports that still exist', () => {
    const stale = KNOWN_UPWARD_IMPORTS.filter(({ from, to }) => !graph.get(from)?.includes(to));
    expect(stale, 'mended: remove it from KNOWN_UPWARD_IMPORTS').toEqual([]);
  });
});
