import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { ownPrivateFolderSync } from '../../core/private-files';
import { removeFile } from '../../core/remove-file';

/** What Node's CommonJS loader gives a module's code; the hook below gives the same. */
type CompiledModule = (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => unknown;

interface CompilingModule extends Module {
  _compile(content: string, filename: string): unknown;
}

/**
 * Keeps V8's compiled code for the command line's own files (`bundleDir`) in `cacheRoot`, a folder per `command`,
 * between runs, so that a command starts without compiling its JavaScript again. Where Node has a compile cache of its own (22.1 and
 * later) that one is used; on Node 20 CommonJS compilation of the bundle's files is hooked: each is compiled
 * with V8's code cache for it, and the cache is written when the process exits (after the command ran, so it
 * holds the functions the command used, not only the top level). Best effort: a cache that is missing, stale,
 * rejected or cannot be written just means compiling as usual. The folder and `cacheRoot` must be private (mode
 * 700, ours): compiled code is code.
 */
export function enableCompileCache(bundleDir: string, cacheRoot: string, command: string): void {
  // One cache per command: a chunk's cache is written once, by the first process that compiled it, and holds the
  // functions that process ran. Shared between commands, the daemon's would leave out what `run` executes, and
  // every later `run` would compile those again (measured: run of a trivial job 2.5x node -e 0 with its own
  // cache, 3.0x with the daemon's).
  const cacheDir = path.join(cacheRoot, /^[a-z]{2,12}$/.test(command) ? command : 'other');
  if (!ownPrivateFolderSync(cacheDir)) return;
  const native = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof native === 'function') {
    native(cacheDir);
    return;
  }
  const fresh: { script: Script; file: string }[] = [];
  const prototype = Module.prototype as CompilingModule;
  const compile = prototype._compile;
  const tag = `${process.version}-${process.arch}`;
  prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    const file = path.join(cacheDir, `${path.basename(filename)}.${tag}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // Not cached yet.
    }
    // Module.wrap: the same function wrapper Node's loader uses; a #! line is valid only at the very start.
    const source = Module.wrap(content.startsWith('#!') ? `//${content}` : content);
    const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file });
    const run = script.runInThisContext() as CompiledModule;
    const statics = Module as unknown as ModuleStatics;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string) => statics._resolveFilename(request, this),
      cache: statics._cache,
      main: process.mainModule,
    }) as unknown as NodeJS.Require;
    return run.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => save(fresh, bundleDir, cacheDir, tag, cacheRoot));
}

interface ModuleStatics {
  _resolveFilename(request: string, parent: Module): string;
  _cache: Record<string, Module>;
}

/** Writes the code V8 compiled for each file this run compiled without a cache; drops caches of other builds. */
function save(
  fresh: { script: Script; file: string }[],
  bundleDir: string,
  cacheDir: string,
  tag: string,
  cacheRoot: string,
): void {
  if (fresh.length === 0) return;
  for (const { script, file } of fresh) {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      // A cache is a convenience.
    }
  }
  try {
    // Chunk names carry their content's hash: a cache whose chunk is gone (or another Node's) is dead weight.
    for (const name of readdirSync(cacheDir)) {
      const chunk = name.endsWith(`.${tag}.v8`) ? name.slice(0, -`.${tag}.v8`.length) : null;
      if (chunk === null || !existsSync(path.join(bundleDir, chunk))) removeFile(path.join(cacheDir, name));
    }
    // Caches kept before there was a folder per command.
    for (const name of readdirSync(cacheRoot))
      if (name.endsWith('.v8')) removeFile(path.join(cacheRoot, name));
  } catch {
    // Tidying only.
  }
}
