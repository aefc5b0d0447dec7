import type { Dirent, Stats } from 'node:fs';
import { realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** What a listing found: regular files, and symlinks (which must prove they stay inside before they run). */
export interface Listing {
  files: string[];
  links: Set<string>;
}

/**
 * Every entry below `dir` that may be a file, as absolute paths. Symlinks are listed but never followed into:
 * a link to `/usr` or a link loop costs one entry, not a walk of the disk. Hand-rolled rather than readdir's
 * `recursive` (which follows links on some Node versions, and whose Dirent paths changed shape across Node 20
 * releases), and so that an unreadable subfolder is skipped instead of failing the whole scan.
 */
export async function listFiles(dir: string, recursive: boolean): Promise<Listing> {
  const files: string[] = [];
  const links = new Set<string>();
  const walk = async (folder: string, isRoot: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw error;
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(full, false);
      } else if (entry.isFile()) {
        files.push(full);
      } else if (entry.isSymbolicLink()) {
        files.push(full);
        links.add(full);
      }
    }
  };
  await walk(dir, true);
  return { files, links };
}

/** A file's stats (following a link), or why not: `gone` when it no longer exists, `unreadable` otherwise. */
export function statFile(file: string): Stats | 'gone' | 'unreadable' {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'gone' : 'unreadable';
  }
}

/** The real path of `file` (links resolved), or null for a dangling link, a loop or a vanished file. */
export function realPathOf(file: string): string | null {
  try {
    return realpathSync.native(file);
  } catch {
    return null;
  }
}

/** Whether `realFile` lies strictly inside `realRoot` (both real paths); case-insensitive on Windows. */
export function isInside(realRoot: string, realFile: string, pathApi: path.PlatformPath = path): boolean {
  const relative = pathApi.relative(realRoot, realFile);
  const outside = relative === '..' || relative.startsWith(`..${pathApi.sep}`);
  return relative !== '' && !outside && !pathApi.isAbsolute(relative);
}

/** Whether a folder exists and can be read, with its identity (a re-created folder has another one). */
export type FolderState = { ok: true; id: string } | { ok: false; message: string };

/** Looks at a watched folder: a folder (with its dev:ino), or the problem in words a user can act on. */
export function inspectFolder(folder: string): FolderState {
  try {
    const stats = statSync(folder);
    if (!stats.isDirectory()) return { ok: false, message: `${folder} is a file, not a folder` };
    return { ok: true, id: `${stats.dev}:${stats.ino}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, message: `folder ${folder} does not exist; watching will start when it appears` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `cannot read folder ${folder} (${reason}); retrying` };
  }
}

/** The name a file is kept under in its folder's record: the path relative to the folder (a slice: hot path). */
export function nameIn(folder: string, file: string): string {
  return file.startsWith(folder) && file[folder.length] === path.sep
    ? file.slice(folder.length + 1)
    : path.relative(folder, file);
}
