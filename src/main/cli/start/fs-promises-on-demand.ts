import { createRequire } from 'node:module';

// In the command line's bundle, every import of `node:fs/promises` is this module (vite.cli.config.ts): Node's
// promise API loads at its first use, not as the command starts. Loading it loads its FileHandle class, line
// reader and folder walker (eight built-in modules, ~2 ms of a start here), and a run of a job needs none of it:
// its job file, working folder and log are read and written synchronously or through a stream. The daemon, the
// pruning of old logs and the job library use it, and load it then. Each function below is the real one's type;
// a test checks that this list covers every name the source imports.

type FsPromises = typeof import('node:fs/promises');

let loaded: FsPromises | null = null;
const real = (): FsPromises => {
  loaded ??= createRequire(__filename)('node:fs/promises') as FsPromises;
  return loaded;
};

/** The real function of that name, looked up at each call (the first call loads the module). */
function onDemand<K extends keyof FsPromises>(name: K): FsPromises[K] {
  return ((...args: unknown[]) => (real()[name] as (...a: unknown[]) => unknown)(...args)) as FsPromises[K];
}

export const chmod = onDemand('chmod');
export const lstat = onDemand('lstat');
export const mkdir = onDemand('mkdir');
export const open = onDemand('open');
export const readFile = onDemand('readFile');
export const readdir = onDemand('readdir');
export const rename = onDemand('rename');
export const rm = onDemand('rm');
export const stat = onDemand('stat');
