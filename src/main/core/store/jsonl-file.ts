import { appendFileSync, closeSync, fdatasyncSync, openSync, writeFileSync } from 'node:fs';
import { errorText } from '../../../shared/error-text';
import { PRIVATE_FILE_MODE } from '../private-files';
import { readTextIfPresent } from '../read-if-present';
import { parseJsonText } from './json-text';

/** What a JSON-lines file held: the readable values, and what was wrong with the rest. */
export interface JsonLinesContent {
  values: unknown[];
  /** `line 3: Unexpected token …`, one per unreadable line. */
  problems: string[];
  /**
   * The file does not end with a newline: the last write was cut short (crash, full disk). Appending now would
   * glue the next record onto the fragment and lose both, so the owner must rewrite the file first.
   */
  tornTail: boolean;
}

/** Reads a JSON-lines file leniently: one bad line costs that line, not the file. A missing file is empty. */
export function readJsonLines(file: string): JsonLinesContent {
  let text: string | null;
  try {
    text = readTextIfPresent(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = null; // Removed since it was looked for.
  }
  if (text === null) return { values: [], problems: [], tornTail: false };
  const values: unknown[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(parseJsonText(line));
    } catch (error) {
      problems.push(`line ${index + 1}: ${errorText(error)}`);
    }
  });
  return { values, problems, tornTail: text.length > 0 && !text.endsWith('\n') };
}

/**
 * Appends one record as one line with one write. Without `flush`, no fsync: a finished write survives a crash of
 * our process (it sits in the OS cache), and fsync would cost milliseconds per record; only a power cut can lose
 * the tail. With `flush`, the line is on the disk when this returns (fdatasync: the data and the file's size).
 */
export function appendJsonLine(file: string, value: unknown, { flush = false } = {}): void {
  // JSON.stringify escapes newlines inside strings, so a record can never span two lines. Written as a string:
  // Node writes it from native code, where a Buffer made here would count against the heap's external memory
  // (a folder's listing is a line of a megabyte) and move V8's collections.
  const line = `${JSON.stringify(value)}\n`;
  if (!flush) {
    appendFileSync(file, line, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    return;
  }
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    writeFileSync(fd, line, 'utf8');
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
