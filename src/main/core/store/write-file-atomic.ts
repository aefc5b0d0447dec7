import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../private-files';
import { randomBytes } from '../random';
import { removeFile } from '../remove-file';
import { sleepSync } from '../sleep-sync';

// Windows refuses to rename over a file another program holds open for a moment (a virus scanner, the search
// indexer, a backup agent): EPERM, EACCES or EBUSY. Such holds last milliseconds; retrying rides them out.
const RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RETRY_FOR_MS = 1000;
const RETRY_EVERY_MS = 20;

/**
 * Replaces `file` with `text` so that after a crash or a power cut it holds either the old or the new content,
 * never half of each: the text goes to a temp file beside it (`<name>.<pid>-<hex>.tmp`, private, which
 * stale-temp-files tidies if a kill leaves one), is flushed to the disk, and is renamed over the file.
 * Synchronous, so that a store's value is on disk when its setter returns. Throws what the disk refused.
 */
export function writeFileAtomic(file: string, text: string, mode = PRIVATE_FILE_MODE): void {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameRetrying(temp, file);
  } catch (error) {
    removeFile(temp);
    throw error;
  }
}

function renameRetrying(from: string, to: string): void {
  const until = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (process.platform !== 'win32' || !RETRY_CODES.has(code) || Date.now() > until) throw error;
      sleepSync(RETRY_EVERY_MS);
    }
  }
}
