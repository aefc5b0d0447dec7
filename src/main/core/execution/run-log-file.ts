import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDirSync, PRIVATE_FILE_MODE } from '../private-files';

// A run's log file, opened, headed, closed synchronously (output-capture.ts says why); its output goes through a
// write stream.

/** A new log file (it must not exist), open for writing. */
export function openLog(path: string): number {
  try {
    return openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A log folder created on first use (--log-dir, or logs/ deleted meanwhile) is as private as the log. Made
    // only when missing: most runs log into a folder that exists.
    makePrivateDirSync(dirname(path));
    return openSync(path, 'wx', PRIVATE_FILE_MODE);
  }
}

/** Writes all of `text` (a write to a nearly full disk may take part of it; the next one says why not). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) {
    const written = writeSync(fd, bytes, at);
    if (written === 0) throw new Error('the file took no more bytes');
    at += written;
  }
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closing a log that failed: nothing more to say about it.
  }
}
