/**
 * The status protocol: a job reports what it is doing by printing lines
 * `::status <message>` or `::progress <0-100> [message]`; each also counts as a sign of life for stuck
 * detection. Anything else is ordinary output.
 */
export type StatusLine =
  | { kind: 'status'; message: string }
  | { kind: 'progress'; percent: number; message: string | null };

const STATUS = '::status';
const PROGRESS = '::progress';
const DOT = 0x2e;
const PERCENT = 0x25;

// What JavaScript's \s matches, so that messages are trimmed as they always were.
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

function startsWith(line: string, prefix: string): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}

function skip(line: string, from: number, test: (code: number) => boolean): number {
  let at = from;
  while (at < line.length && test(line.charCodeAt(at))) at++;
  return at;
}

/** The text from `from` (after leading spaces) to the end without trailing spaces, or null when empty. */
function trimmedRest(line: string, from: number): string | null {
  const start = skip(line, from, isSpace);
  let end = line.length;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return end > start ? line.slice(start, end) : null;
}

/**
 * Reads one output line (without its newline); null when it is not a status line. A single left-to-right pass
 * (plus one right-to-left trim) through `length`, `charCodeAt` and `slice` only: each character is read a
 * bounded number of times, so a job flooding long lines costs time in proportion to what it printed. (The
 * regular expressions this replaced backtracked: 40 ms for one 4 KiB line, quadratic in its length.)
 */
export function parseStatusLine(line: string): StatusLine | null {
  if (startsWith(line, STATUS)) {
    // At least one space after the keyword: `::statusbar` is ordinary output.
    if (!isSpace(line.charCodeAt(STATUS.length))) return null;
    const message = trimmedRest(line, STATUS.length);
    return message === null ? null : { kind: 'status', message };
  }
  if (!startsWith(line, PROGRESS) || !isSpace(line.charCodeAt(PROGRESS.length))) return null;
  const numberStart = skip(line, PROGRESS.length, isSpace);
  let at = skip(line, numberStart, isDigit);
  if (at === numberStart) return null;
  if (line.charCodeAt(at) === DOT && isDigit(line.charCodeAt(at + 1))) at = skip(line, at + 1, isDigit);
  const percent = Math.min(100, Math.max(0, Number(line.slice(numberStart, at))));
  if (line.charCodeAt(at) === PERCENT) at++;
  // After the number: the end, or spaces and then the message.
  if (at < line.length && !isSpace(line.charCodeAt(at))) return null;
  return { kind: 'progress', percent, message: trimmedRest(line, at) };
}
