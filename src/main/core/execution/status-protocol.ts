/**
 * The status protocol: a job reports what it is doing by printing lines
 * `::status <message>` or `::progress <0-100> [message]`; each also counts as a sign of life for stuck
 * detection. Anything else is ordinary output.
 */
export type StatusLine =
  | { kind: 'status'; message: string }
  | { kind: 'progress'; percent: number; message: string | null };

const STATUS = /^::status\s+(.+?)\s*$/;
const PROGRESS = /^::progress\s+(\d+(?:\.\d+)?)%?(?:\s+(.+?))?\s*$/;

/** Reads one output line (without its newline); null when it is not a status line. */
export function parseStatusLine(line: string): StatusLine | null {
  if (!line.startsWith('::')) return null;
  const status = STATUS.exec(line);
  if (status?.[1]) return { kind: 'status', message: status[1] };
  const progress = PROGRESS.exec(line);
  if (progress?.[1]) {
    const percent = Math.min(100, Math.max(0, Number(progress[1])));
    return { kind: 'progress', percent, message: progress[2] ?? null };
  }
  return null;
}
