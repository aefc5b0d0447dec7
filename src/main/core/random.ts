// biome-ignore lint/style/noRestrictedImports: its type only; this module is the one place node:crypto is loaded, on demand.
import type * as NodeCrypto from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { release } from 'node:os';

/**
 * Cryptographically strong random bytes, ids and tokens, without loading node:crypto where the system offers
 * its generator as a file. Loading node:crypto starts OpenSSL, ~10 ms of a command's start here, and a command
 * needs a few dozen random bytes (run ids, temp names, the channel token). The file is read a pool at a time:
 * on Linux 5.6 and later `/dev/random` (the kernel's generator, which since 5.6 waits only until it is seeded at
 * boot, as OpenSSL's getrandom() does); on macOS and the BSDs `/dev/urandom` (seeded before any program runs).
 * Windows, an older Linux (whose `/dev/urandom` would not wait for the seed early in boot, when a daemon may
 * start), or a system without the file asks node:crypto.
 */
const POOL_BYTES = 512;
let pool: Buffer | null = null;
let taken = POOL_BYTES;
let device = generatorFile(process.platform, release());

/** Where to read random bytes on `platform` (kernel `release`); null: ask node:crypto. */
export function generatorFile(platform: NodeJS.Platform, release: string): string | null {
  if (platform === 'win32') return null;
  if (platform !== 'linux') return '/dev/urandom';
  const [major = 0, minor = 0] = release.split('.').map((part) => Number.parseInt(part, 10));
  return major > 5 || (major === 5 && minor >= 6) ? '/dev/random' : null;
}

/** `count` random bytes. */
export function randomBytes(count: number): Buffer {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`randomBytes: bad count ${count}`);
  if (device === null) return nodeCrypto().randomBytes(count);
  if (count > POOL_BYTES) return readDevice(count) ?? nodeCrypto().randomBytes(count);
  if (pool === null || taken + count > POOL_BYTES) {
    pool = readDevice(POOL_BYTES);
    taken = 0;
    if (pool === null) return randomBytes(count);
  }
  // A copy; the pool forgets what it handed out, and never hands the same bytes out twice.
  const bytes = Buffer.from(pool.subarray(taken, taken + count));
  pool.fill(0, taken, taken + count);
  taken += count;
  return bytes;
}

/** A version 4 UUID, as crypto.randomUUID gives: `1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`. */
export function randomUUID(): string {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** node:crypto, loaded on first use only (synchronously: Node ≥ 20.16 has process.getBuiltinModule). */
export function nodeCrypto(): typeof NodeCrypto {
  return process.getBuiltinModule('node:crypto');
}

function readDevice(count: number): Buffer | null {
  if (device === null) return null;
  let fd: number;
  try {
    fd = openSync(device, 'r');
  } catch {
    device = null;
    return null;
  }
  try {
    // Its own memory: not a slice of the slab Node shares between small buffers.
    const bytes = Buffer.allocUnsafeSlow(count);
    for (let at = 0; at < count; ) {
      const read = readSync(fd, bytes, at, count - at, null);
      if (read <= 0) throw new Error(`${device} ended`);
      at += read;
    }
    return bytes;
  } catch {
    device = null;
    return null;
  } finally {
    closeSync(fd);
  }
}
