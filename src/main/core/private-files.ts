import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { statQuietly } from './stat-quietly';

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
  await makeDirs(dir, PRIVATE_DIR_MODE);
  if (options.tighten && process.platform !== 'win32') await chmod(dir, PRIVATE_DIR_MODE);
}

/** makePrivateDir for synchronous callers (the app before it starts, a store as it opens). */
export function makePrivateDirSync(dir: string, options: { tighten?: boolean } = {}): void {
  makeDirsSync(dir, PRIVATE_DIR_MODE);
  if (options.tighten && process.platform !== 'win32') chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * A folder for what this user's commands keep between runs (compiled code, checked job files): created private,
 * true only when it and the folder it sits in are real folders that nobody else can write to (on POSIX: ours, mode
 * 700). The parent counts too: whoever may write there could swap this folder under it. Never throws.
 */
export function ownPrivateFolderSync(dir: string): boolean {
  return ownFolderSync(dirname(dir)) && ownFolderSync(dir);
}

function ownFolderSync(dir: string): boolean {
  try {
    makePrivateDirSync(dir);
    const info = lstatSync(dir);
    if (!info.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return info.uid === process.getuid?.() && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/*
 * `mkdir -p` that always ends. Node's own `mkdir(dir, { recursive: true })` (Node 20 at least) never returns where
 * mkdir answers ENOENT although the parent exists, as /proc and /sys do: it creates the parent, which exists,
 * and tries the folder again, forever. A data folder, log folder or cache folder given there must be an error.
 * Each parent is created at most once; a second ENOENT is the answer.
 */

async function makeDirs(dir: string, mode: number): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir).catch(() => null))?.isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeDirs(parent, mode);
    await mkdir(dir, { mode }).catch(async (again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST' || !(await stat(dir).catch(() => null))?.isDirectory()) throw again;
    });
  }
}

function makeDirsSync(dir: string, mode: number): void {
  // Asked first: it is there at nearly every start, and mkdir's EEXIST would be an exception (see read-if-present).
  if (isDirectorySync(dir)) return;
  try {
    mkdirSync(dir, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && isDirectorySync(dir)) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirsSync(parent, mode);
    try {
      mkdirSync(dir, { mode });
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectorySync(dir)) throw again;
    }
  }
}

function isDirectorySync(path: string): boolean {
  return statQuietly(path)?.isDirectory() ?? false;
}
