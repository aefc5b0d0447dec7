import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The command-line face of core for Node ≥ 20.19. Its dependencies are bundled in (package.json lists them as
// devDependencies; an installed CLI must not need them), each command in a chunk of its own that is loaded when
// the command runs, so `validate` or `status` never parse what only `run` or `daemon` need. Only koffi, a native
// module (Win32 calls on Windows, posix_spawn on Linux), stays outside. CommonJS, because Node's ES module loader alone costs a start
// about 15 ms (node -e 0 never starts it); out/cli gets a package.json saying so. Whitespace and comments are left
// out and every character is ASCII: a file with one character beyond Latin-1 (an em dash in a message) is held
// by V8 as a two-byte string, so each command read, hashed and kept twice the bytes, and the garbage it left
// brought young-generation collections forward. Names are kept (no mangling): stack traces and error names stay
// readable, and the source maps lead back to the TypeScript.
const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'koffi'];

// Small modules that several commands share (messages, option parsing, ids): one chunk for all of them. Left to
// the bundler, each became a chunk of its own, and each file a command loads costs it ~0.5 ms (resolving, reading
// the source and its compiled code) for a few hundred bytes. A module that reaches a package, itself or through
// the modules it imports, stays out: the chunk would take the package with it and every command would load it.
const SHARED_SMALL =
  /src[\\/](shared[\\/][\w-]+|main[\\/]core[\\/](errors|random)|main[\\/]cli[\\/](parse-options|signals|event-lines)|main[\\/]core[\\/]launch[\\/](split-[\w-]+|check-arguments))\.ts$/;
const reaching = new Map<string, boolean>();
function reachesPackage(file: string): boolean {
  const known = reaching.get(file);
  if (known !== undefined) return known;
  reaching.set(file, false); // An import cycle adds nothing.
  // Runtime imports only: `import type` leaves nothing in the bundle.
  const sources = [
    ...readFileSync(file, 'utf8').matchAll(/^(?:import|export)(?! type)[^;]*? from '([^']+)';/gms),
  ];
  const reaches = sources.some(([, source = '']) => {
    if (source.startsWith('node:')) return false;
    if (!source.startsWith('.')) return true;
    const target = resolve(dirname(file), source);
    return reachesPackage(existsSync(`${target}.ts`) ? `${target}.ts` : `${target}.tsx`);
  });
  reaching.set(file, reaches);
  return reaches;
}

// What the hub reads back (its files, its channel) is checked with zod/mini through src/shared/zod-mini.ts. In
// this bundle that module is built as a file of its own (chunks/zod-mini.js), and every module that imports it
// gets src/main/cli/start/zod-on-demand.ts instead, which requires the file at the first check: a command
// that checks nothing (most runs) never loads zod.
const ZOD_MINI = resolve('src/shared/zod-mini.ts');
const ZOD_ON_DEMAND = resolve('src/main/cli/start/zod-on-demand.ts');
const zodOnDemand: Plugin = {
  name: 'zod-on-demand',
  enforce: 'pre',
  async resolveId(source, importer) {
    if (!importer || !/zod-mini$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    return resolved?.id === ZOD_MINI ? ZOD_ON_DEMAND : null;
  },
};

// Node's promise API for files (`node:fs/promises`) loads eight built-in modules; a run of a job uses none of
// it. Every import of it from the source gets src/main/cli/start/fs-promises-on-demand.ts, whose functions load
// the real module at their first call.
const FS_PROMISES_ON_DEMAND = resolve('src/main/cli/start/fs-promises-on-demand.ts');
// The bundler settles built-in modules before any plugin is asked, so the import is rewritten in the source.
const fsPromisesOnDemand: Plugin = {
  name: 'fs-promises-on-demand',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes("from 'node:fs/promises'")) return null;
    // Only import lines change, and no line moves: the source map stays as it was (null says so).
    return {
      code: code.replaceAll("from 'node:fs/promises'", `from ${JSON.stringify(FS_PROMISES_ON_DEMAND)}`),
      map: null,
    };
  },
};

/** out/cli/package.json: its .js files are CommonJS, whatever the project's package.json says. */
const commonJsFolder: Plugin = {
  name: 'commonjs-folder',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
  },
};

export default defineConfig({
  plugins: [commonJsFolder, zodOnDemand, fsPromisesOnDemand],
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: { 'automation-hub': 'src/main/cli/automation-hub.ts', 'zod-mini': ZOD_MINI },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        format: 'cjs',
        charset: 'ascii',
        comments: false,
        minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
        entryFileNames: (chunk) => (chunk.name === 'zod-mini' ? 'chunks/zod-mini.js' : '[name].js'),
        chunkFileNames: 'chunks/[name]-[hash].js',
        codeSplitting: {
          groups: [{ name: 'common', test: (id) => SHARED_SMALL.test(id) && !reachesPackage(id) }],
        },
      },
    },
  },
});
