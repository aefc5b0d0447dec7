import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readTextIfPresent } from '../read-if-present';

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
  // The package's linux build is glibc's; on musl koffi's entry picks the musl build.
  if (process.platform === 'linux' && !nodeOnGlibc()) return null;
  const target = `${process.platform}-${process.arch}`;
  const platformPackage = path.join('@koromix', `koffi-${target}`);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    const version = versionOf(path.join(modules, 'koffi'));
    const roots = [
      path.join(modules, platformPackage),
      path.join(modules, 'koffi', 'node_modules', platformPackage),
    ];
    // Checked before loading: a binary, once loaded, cannot be unloaded.
    const root = version && roots.find((candidate) => versionOf(candidate) === version);
    if (root) return loadBinary(path.join(root, target.replace('-', '_'), 'koffi.node'), version);
    if (path.dirname(dir) === dir) return null;
  }
}

function versionOf(packageDir: string): string | null {
  try {
    const text = readTextIfPresent(path.join(packageDir, 'package.json'));
    return text === null ? null : ((JSON.parse(text) as { version?: string }).version ?? null);
  } catch {
    return null;
  }
}

function loadBinary(file: string, version: string): Koffi | null {
  try {
    const module = { exports: {} as NativeKoffi };
    process.dlopen(module, file);
    return module.exports.version === version ? module.exports : null;
  } catch {
    return null;
  }
}

/** Whether Node itself runs on glibc: its ELF interpreter is glibc's loader, not musl's. */
function nodeOnGlibc(): boolean {
  try {
    const fd = openSync(process.execPath, 'r');
    try {
      const head = Buffer.alloc(4096);
      const length = readSync(fd, head, 0, head.length, 0);
      const interpreter = elfInterpreter(head.subarray(0, length));
      return interpreter !== null && !interpreter.includes('musl');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * The interpreter (PT_INTERP) an ELF executable names, e.g. "/lib64/ld-linux-x86-64.so.2" or
 * "/lib/ld-musl-x86_64.so.1", if it lies within `head` (it does, near the start, in every Linux build of Node);
 * null for anything else. Little-endian ELF, 32- or 64-bit.
 */
export function elfInterpreter(head: Buffer): string | null {
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[5] !== 1) return null;
  const wide = head[4] === 2;
  const word = (at: number) => (wide ? Number(head.readBigUInt64LE(at)) : head.readUInt32LE(at));
  const table = word(wide ? 32 : 28);
  const entrySize = head.readUInt16LE(wide ? 54 : 42);
  const entries = head.readUInt16LE(wide ? 56 : 44);
  for (let i = 0; i < entries; i++) {
    const entry = table + i * entrySize;
    if (entry + entrySize > head.length) return null;
    if (head.readUInt32LE(entry) !== PT_INTERP) continue;
    const offset = word(entry + (wide ? 8 : 4));
    const size = word(entry + (wide ? 32 : 16));
    if (offset + size > head.length) return null;
    return head.toString('latin1', offset, offset + size).replace(/\0.*$/s, '');
  }
  return null;
}

const PT_INTERP = 3;
