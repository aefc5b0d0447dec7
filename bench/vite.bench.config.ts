import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

// The benchmark harness and its idle child as plain ESM for Node (like vite.cli.config.ts): no new dependency,
// core bundled from source, and its libraries (zod, chokidar, croner, ...) bundled and tree-shaken as the command
// line and the app ship them: an SSR build would otherwise load them whole from node_modules (classic zod with all
// its 56 locales, some 2.5 MB of heap the shipped hub does not have). Only builtins and package.json's
// `dependencies` (koffi, a native module) stay external. Output: bench/out (git-ignored as out/).
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
];

export default defineConfig({
  logLevel: 'warn',
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'bench/out',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: {
        bench: 'bench/run.ts',
        'idle-child': 'bench/idle-child.ts',
        'drop-child': 'bench/drop-child.ts',
      },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
