import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// koffi, the FFI through which the hub calls the OS where Node has no API: Win32 (Job Objects, process facts)
// and, on Linux, posix_spawn. Loaded once per process, on first use, synchronously.

/** The part of koffi's API the hub uses: a shared library, and C functions declared by prototype. */
export interface Koffi {
  load(library: string): KoffiLibrary;
  errno(): number;
}

export interface KoffiLibrary {
  func(prototype: string): (...args: never[]) => unknown;
}

type NativeKoffi = Koffi & { version?: string };

let loaded: Koffi | null = null;

/**
 * koffi, or a throw saying why it cannot load (no prebuilt binary for this platform, a damaged install, a policy
 * blocking unsigned libraries): callers fall back to what works without it.
 *
 * koffi's entry finds its binary by reading Node's ELF header (to tell glibc from musl), and resolving it through
 * its package's `exports` loads Node's ES module resolver: together about 10 ms of a command's start here, three
 * times what loading the binary costs. So the binary of this platform's koffi package is looked for where npm
 * puts it (beside koffi, or inside it) and, if it is the version koffi expects, loaded directly; anything else
 * (musl, Electron's asar, another layout) goes through koffi's entry.
 */
export function loadKoffi(): Koffi {
  loaded ??= direct() ?? (createRequire(import.meta.url)('koffi') as Koffi);
  return loaded;
}

/** loadKoffi(), for the app too: in Electron koffi is imported as it always was (its entry finds the binary). */
export async function importKoffi(): Promise<Koffi> {
  loaded ??= direct() ?? ((await import('koffi')).default as unknown as Koffi);
  return loaded;
}

/** The functions of `library` that `prototypes` declare ("int close(int fd)"), by name. */
export function declare(library: KoffiLibrary, prototypes: readonly string[]): Record<string, unknown> {
  const functions: Record<string, unknown> = {};
  for (const prototype of prototypes) {
    const name = /\s\**(\w+)\(/.exec(prototype)?.[1] as string;
    functions[name] = library.func(prototype);
  }
  return functions;
}

function direct(): Koffi | null {
  // __dirname: in the command line's CommonJS bundle; in the app (an ES module, and asar) there is none.
  if (process.versions.electron || typeof __dirname !== 'string') return null;
  const target = `${process.platform}-${process.arch}`;
  const binary = path.join('@koromix', `koffi-${target}`, target.replace('-', '_'), 'koffi.node');
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    for (const file of [path.join(modules, binary), path.join(modules, 'koffi', 'node_modules', binary)]) {
      if (existsSync(file)) return loadBinary(file, path.join(modules, 'koffi', 'package.json'));
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function loadBinary(file: string, manifest: string): Koffi | null {
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    const module = { exports: {} as NativeKoffi };
    process.dlopen(module, file);
    return module.exports.version === version ? module.exports : null;
  } catch {
    return null;
  }
}
