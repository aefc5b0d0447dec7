// biome-ignore lint/style/noRestrictedImports: its type only; this module is the one place node:crypto is loaded, on demand.
import type * as NodeCrypto from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Cryptographically strong random bytes, ids and tokens, without loading node:crypto where the system offers
 * randomness as a file. Loading node:crypto starts OpenSSL, ~10 ms of a command's start here, and a command
 * needs a few dozen random bytes (run ids, temp names, the channel token). POSIX systems read /dev/urandom (the
 * kernel's generator, which OpenSSL itself draws from), a pool at a time; Windows, or a system without the
 * file, asks node:crypto.
 */
const POOL_BYTES = 512;
let pool: Buffer | null = null;
let taken = POOL_BYTES;
let noDevice = process.platform === 'win32';

/** `count` random bytes. */
export function randomBytes(count: number): Buffer {
  if (noDevice) return nodeCrypto().randomBytes(count);
  if (count > POOL_BYTES) return readDevice(count) ?? nodeCrypto().randomBytes(count);
  if (pool === null || taken + count > POOL_BYTES) {
    pool = readDevice(POOL_BYTES);
    taken = 0;
    if (pool === null) return randomBytes(count);
  }
  // A copy, and the pool's bytes are never handed out twice.
  const bytes = Buffer.from(pool.subarray(taken, taken + count));
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
  let fd: number;
  try {
    fd = openSync('/dev/urandom', 'r');
  } catch {
    noDevice = true;
    return null;
  }
  try {
    const bytes = Buffer.allocUnsafe(count);
    for (let at = 0; at < count; ) {
      const read = readSync(fd, bytes, at, count - at, null);
      if (read <= 0) throw new Error('/dev/urandom ended');
      at += read;
    }
    return bytes;
  } catch {
    noDevice = true;
    return null;
  } finally {
    closeSync(fd);
  }
}
