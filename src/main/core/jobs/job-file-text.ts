import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { errorText } from '../../../shared/error-text';
import type { JobProblem } from '../../../shared/job-problem';
import { createLineMap } from '../../../shared/json-position';
import { statQuietly } from '../stat-quietly';

// Reading a job file's text, apart from judging it: this module loads no schema (zod), so a command that finds
// the file already checked (checked-jobs.ts) never loads one.

/** The largest job file we read. Real ones are a few hundred bytes; anything near this is the wrong file. */
export const MAX_JOB_FILE_BYTES = 1024 * 1024;

/** Text ready for `parseJobText`, or why the bytes are not job-file text (the caller adds the file name). */
export type DecodedJobText = { ok: true; text: string } | { ok: false; problem: Omit<JobProblem, 'file'> };

const failed = (message: string, at?: { line: number; column: number }): DecodedJobText => ({
  ok: false,
  problem: { ...at, message },
});

const megabytes = (bytes: number): string => {
  const value = bytes / (1024 * 1024);
  // One decimal, except where it would read "1.0 MB" for a file that is over the limit.
  return value < 1.05 ? value.toFixed(3) : value.toFixed(1);
};

// Plain words for the errors a path can give; anything else keeps Node's own message.
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found: check the path (Explorer hides extensions: is it really named ".json", not ".json.txt"?)';
    case 'ENOTDIR':
      return 'file not found: part of the path is a file, not a folder';
    case 'EISDIR':
      return 'is a folder, not a job file: give the path of a .json file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: your account cannot read this file (check Properties → Security)';
    case 'EBUSY':
    case 'EAGAIN':
      return 'the file is locked by another program: close it there and try again';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `cannot read the file: ${errorText(error)}`;
  }
}

// Where UTF-8 decoding first fails: a streaming fatal decoder rejects a prefix only once it
// holds the bad byte, so binary-search the shortest rejected prefix. The bad sequence starts
// right after the last character decoded before that point.
function firstInvalidUtf8(bytes: Uint8Array): { offset: number; before: string } {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, low), {
    stream: true,
  });
  return { offset: new TextEncoder().encode(before).length, before: before.replace(/^\uFEFF/, '') };
}

/** Line and column of a byte, counting what comes before it as text (invalid UTF-8 as one character each). */
function nulAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8', { ignoreBOM: true })
    .decode(bytes.subarray(0, offset))
    .replace(/^\uFEFF/, '');
  return createLineMap(before)(before.length);
}

function notUtf8(bytes: Uint8Array): DecodedJobText {
  const { offset, before } = firstInvalidUtf8(bytes);
  const byte = bytes[offset] ?? 0;
  let ansi = '';
  try {
    ansi = `, which is "${new TextDecoder('windows-1252', { fatal: true }).decode(bytes.subarray(offset, offset + 1))}" in the Windows ANSI code page`;
  } catch {
    // Node without full ICU: the byte's hex value has to do.
  }
  return failed(
    `is not UTF-8 text (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}${ansi}): save it as UTF-8 (Notepad: Save as → Encoding UTF-8)`,
    createLineMap(before)(before.length),
  );
}

// Control characters other than tab, line feed and carriage return: no text file holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Whether bytes with NULs are UTF-16 text written without a byte-order mark (NUL high bytes around ASCII), rather
 * than a binary file that happens to start with one: they must decode as UTF-16, hold no control characters, and
 * mostly be ASCII, as a job file's braces, quotes and field names are.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length % 2 !== 0) return false;
  const encoding = bytes[1] === 0 ? 'utf-16le' : bytes[0] === 0 ? 'utf-16be' : null;
  if (encoding === null) return false;
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (CONTROL.test(text)) return false;
  let ascii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x80) ascii++;
  return ascii * 2 >= text.length;
}

/**
 * Bytes to text. UTF-8, with or without a BOM, is the format. UTF-16 with a BOM is accepted too:
 * Windows PowerShell 5.1 writes it for `>` and `Out-File` (`ConvertTo-Json > job.json`), and the
 * BOM makes it unambiguous. Anything else — binary files, UTF-16 without a BOM, legacy code pages
 * such as Windows-1252 — is refused with the fix, never guessed at.
 */
export function decodeJobBytes(bytes: Uint8Array): DecodedJobText {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return failed('is UTF-32 text: save it as UTF-8');
  const utf16 = b0 === 0xff && b1 === 0xfe ? 'utf-16le' : b0 === 0xfe && b1 === 0xff ? 'utf-16be' : undefined;
  if (utf16 !== undefined) {
    try {
      return { ok: true, text: new TextDecoder(utf16, { fatal: true }).decode(bytes) };
    } catch {
      return failed('starts like UTF-16 text but is not valid UTF-16: save it as UTF-8');
    }
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return looksLikeUtf16(bytes)
      ? failed(
          'looks like UTF-16 text without a byte-order mark: save it as UTF-8 (Notepad: Save as → Encoding UTF-8)',
        )
      : failed(
          'is not a text file (it contains NUL bytes; the first is here): is this the right file?',
          nulAt(bytes, nul),
        );
  }
  try {
    // TextDecoder drops a UTF-8 BOM by itself; parseJobText would too.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return notUtf8(bytes);
  }
}

/**
 * Reads at most `limit + 1` bytes (one more tells a file that grew past the limit). Synchronous: a job file is a
 * few hundred bytes, and each asynchronous step would be a round trip through the thread pool. Opened without
 * blocking (POSIX), so a file swapped for a named pipe after the check cannot hang the read; only a regular file
 * is read.
 */
function readCapped(path: string, limit: number): Uint8Array {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    // Swapped for something else since the caller's check.
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    const buffer = new Uint8Array(limit + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0 || length + bytesRead > limit) return buffer.subarray(0, length + bytesRead);
      length += bytesRead;
    }
  } finally {
    closeSync(fd);
  }
}

const NOT_A_FILE = 'is not a regular file: give the path of a .json file';

/** A job file's text, or why there is none; `bytes`: what was read (null when nothing could be). */
export type JobText =
  | { ok: true; text: string; bytes: Uint8Array }
  | { ok: false; problem: Omit<JobProblem, 'file'>; bytes: Uint8Array | null };

/**
 * Reads one job file's text. Never throws: a missing, unreadable, oversized, binary or wrongly encoded file is a
 * problem like any other. The size is checked before reading, and reading stops at the limit, so pointing it at a
 * multi-gigabyte file by mistake costs nothing.
 */
export async function readJobText(path: string): Promise<JobText> {
  const refused = (message: string): JobText => ({ ok: false, problem: { message }, bytes: null });
  const tooLarge = (size: number) =>
    refused(`the file is ${megabytes(size)} MB; a job file is at most 1 MiB: is this the right file?`);
  let bytes: Uint8Array;
  try {
    const info = statSync(path);
    if (info.isDirectory()) return refused(unreadable({ code: 'EISDIR' }));
    if (!info.isFile()) return refused(NOT_A_FILE);
    if (info.size > MAX_JOB_FILE_BYTES) return tooLarge(info.size);
    bytes = readCapped(path, MAX_JOB_FILE_BYTES);
  } catch (error) {
    return refused((error as { code?: string }).code === 'ENOTFILE' ? NOT_A_FILE : unreadable(error));
  }
  // The file grew between stat and read.
  if (bytes.length > MAX_JOB_FILE_BYTES) return tooLarge(statQuietly(path)?.size ?? bytes.length);
  const decoded = decodeJobBytes(bytes);
  return decoded.ok
    ? { ok: true, text: decoded.text, bytes }
    : { ok: false, problem: decoded.problem, bytes };
}
