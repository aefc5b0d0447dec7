import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';

// POSIX modes; Windows ignores them, and the user profile's ACLs keep the data folder private there.

/** Every folder the hub creates: logs and state hold whatever jobs print, secrets included. */
export const PRIVATE_DIR_MODE = 0o700;

/** Every file the hub writes (logs, state, settings, locks): readable and writable by this user only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder, and every missing parent, readable by this user only. A folder that already exists keeps
 * its mode (the user chose it), unless `tighten`: then it is made private too (folders only the hub writes).
 */
export async function makePrivateDir(dir: string, options: { tighten?: boolean } = {}): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.tighten && process.platform !== 'win32') await chmod(dir, PRIVATE_DIR_MODE);
}

/** makePrivateDir for synchronous callers (the app before it starts, a store as it opens). */
export function makePrivateDirSync(dir: string, options: { tighten?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.tighten && process.platform !== 'win32') chmodSync(dir, PRIVATE_DIR_MODE);
}
