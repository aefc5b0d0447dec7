import { createRequire } from 'node:module';
import type * as ZodMini from '../../../shared/zod-mini-parts';

// In the command line's bundle, `shared/zod-mini` (the hub's checks of what it reads back: its files, its
// channel) is this module: zod loads when something is first checked, not when the command starts. Most runs
// check nothing: a hub that starts with no run in progress and no settings file reads nothing back, and a run's
// own records are written, not read. Loading zod costs a command ~10 ms of its start (its core is ~100 KB,
// every schema kind constructed as it loads). The real module is a file of its own in the bundle
// (vite.cli.config.ts), required by path, so the bundler does not pull it into the chunks every run loads.

let file: string | null = null;
let loaded: typeof ZodMini | null = null;

/** Where the bundle's own `shared/zod-mini` is; the executable says so before any command runs. */
export function loadZodFrom(path: string): void {
  file = path;
}

function zod(): typeof ZodMini {
  if (loaded) return loaded;
  if (file === null) throw new Error('zod is needed before the executable said where its bundle keeps it');
  loaded = (createRequire(file)(file) as { z: typeof ZodMini }).z;
  return loaded;
}

/** zod/mini's namespace, loaded at the first use of any of its members. */
export const z = new Proxy({} as typeof ZodMini, {
  get: (_, key) => Reflect.get(zod(), key),
  has: (_, key) => Reflect.has(zod(), key),
});
