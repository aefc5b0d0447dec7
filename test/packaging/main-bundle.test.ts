import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The main process is one bundle: ESM packages inside app.asar have a history of "Cannot find package"
// failures, so what it needs is inside it (electron.vite.config.ts). package.json's `dependencies` (what
// electron-builder copies into app.asar) list exactly what the bundle still loads from node_modules: a native
// module would; today nothing does. A package bundled into out/main belongs in devDependencies.

const root = path.resolve(import.meta.dirname, '../..');
const outMain = path.join(root, 'out/main');
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * The packages a built ES module imports: its import statements, and its dynamic imports of a package (koffi,
 * loaded on Windows only when a run needs it); a bundle's require() calls are its own. That running it needs
 * nothing else is proven by test/main/app/packaged-app.test.ts, which starts a copy of out/ without node_modules.
 */
function loadedPackages(code: string): Set<string> {
  const specifiers = [
    ...code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1] as string);
  const packages = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !builtins.has(specifier))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return new Set(packages);
}

describe('the main process bundle (out/main)', () => {
  let loaded: Set<string>;
  let dependencies: string[];
  beforeAll(async () => {
    const files = (await readdir(outMain)).filter((file) => file.endsWith('.js'));
    if (files.length === 0)
      throw new Error(`${outMain} is empty: run "npm run build" first (npm test does).`);
    loaded = new Set<string>();
    for (const file of files) {
      for (const name of loadedPackages(await readFile(path.join(outMain, file), 'utf8'))) loaded.add(name);
    }
    dependencies = Object.keys(
      JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).dependencies,
    );
  });

  it('loads nothing from node_modules but electron and the declared dependencies', () => {
    const undeclared = [...loaded].filter((name) => name !== 'electron' && !dependencies.includes(name));
    expect(undeclared, 'bundle these, or declare them in dependencies if they cannot be bundled').toEqual([]);
  });

  it('declares no dependency it does not load (nothing unused in app.asar)', () => {
    const unused = dependencies.filter((name) => !loaded.has(name));
    expect(unused, 'move packages bundled into out/main to devDependencies').toEqual([]);
  });

  it('would notice a package left external', () => {
    const code =
      'import x from "chokidar";\nimport { a } from "./chunk.js";\nimport fs from "node:fs";\nconst k = await import("koffi");';
    expect(loadedPackages(code)).toEqual(new Set(['chokidar', 'koffi']));
  });
});
