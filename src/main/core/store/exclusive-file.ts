import { closeSync, linkSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { type FileHandle, rm } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../private-files';
import { randomUUID } from '../random';
import { removeFile } from '../remove-file';

/**
 * Creates `file` with `content` unless it exists: true if we created it. The content is complete the moment
 * the name appears (written to a temp file, then hard-linked to the name, which fails if the name is taken),
 * so a reader never sees an empty or half-written file and never mistakes a starter for a crash.
 * Volumes without hard links (FAT USB sticks) fall back to open('wx') plus a write. Synchronous: a hub takes
 * its lock once, as it starts, before it serves anything (a few small calls; no thread-pool round trips).
 */
export function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx', mode: PRIVATE_FILE_MODE });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // No hard links here (or Windows' EPERM for a name whose deletion is pending, which open reports too).
    return createWithOpen(file, content);
  } finally {
    try {
      removeFile(temp);
    } catch {
      // Held by a scanner, say (Windows): the lock is taken all the same, and the next owner clears the temp file.
    }
  }
}

function createWithOpen(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EPERM/EBUSY: Windows, while the name is being deleted or a scanner holds it. Taken, for now.
    if (code === 'EEXIST' || code === 'EPERM' || code === 'EBUSY') return false;
    throw error;
  }
  let failure: unknown;
  try {
    writeSync(fd, content);
  } catch (error) {
    failure = error;
  }
  // Closed before any removal: Windows cannot delete a file that is still open.
  closeSync(fd);
  if (failure !== undefined) {
    removeFile(file);
    throw failure;
  }
  return true;
}

/**
 * Writes `data` into `file`, just created and open as `handle`, and closes it; if the write fails (a full disk),
 * removes the file, so that no half-written file stays behind, and throws.
 */
export async function fillNewFile(
  handle: FileHandle,
  file: string,
  data: string | Uint8Array,
): Promise<void> {
  let failure: unknown;
  try {
    await handle.writeFile(data);
  } catch (error) {
    failure = error;
  }
  // Closed before any removal: Windows cannot delete a file that is still open.
  await handle.close();
  if (failure !== undefined) {
    await rm(file, { force: true });
    throw failure;
  }
}
