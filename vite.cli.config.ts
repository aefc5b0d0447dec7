import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

// The command-line face of core for Node ≥ 20.19. Its dependencies are bundled in (package.json lists them as
// devDependencies; an installed CLI must not need them), each command in a chunk of its own that is loaded when
// the command runs, so `validate` or `status` never parse what only `run` or `daemon` need. Only koffi, a native
// module loaded on Windows only, stays outside. CommonJS, because Node's ES module loader alone costs a start
// about 15 ms (node -e 0 never starts it); out/cli gets a package.json saying so.
const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'koffi'];

/** out/cli/package.json: its .js files are CommonJS, whatever the project's package.json says. */
const commonJsFolder: Plugin = {
  name: 'commonjs-folder',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
  },
};

export default defineConfig({
  plugins: [commonJsFolder],
  ssr: { noExternal: true },
  build: {
    ssr: 'src/main/cli/automation-hub.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        format: 'cjs',
        entryFileNames: 'automation-hub.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
