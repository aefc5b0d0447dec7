import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every entry below `dir` that may be a file (regular files and symlinks; stat decides later), as absolute paths.
 * Hand-rolled rather than readdir's `recursive`, whose Dirent paths changed shape across Node 20 releases, and so
 * that an unreadable subfolder is skipped instead of failing the whole scan.
 */
export async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  const files: string[] = [];
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
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(full);
      }
    }
  };
  await walk(dir, true);
  return files;
}
