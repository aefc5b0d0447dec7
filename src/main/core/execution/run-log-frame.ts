import { formatDuration } from '../../../shared/format';
import { describeRunTrigger } from '../../../shared/run-trigger-words';
import { type RunIdentity, type RunResult, runStatuses } from '../../../shared/run-types';

/**
 * A run's log is the job's own output between two frames the hub writes: a header saying which run it is (opened
 * from Explorer, a log must say which job, command, folder and trigger it belongs to) and one outcome line. The
 * window, `readLog`, output tails and crash recovery show the output without them (`outputBounds`).
 *
 *   == Automation Hub 0.1.0: log of one run ==
 *   job:      Nightly export
 *   ...
 *   == output ==
 *   <the job's output, byte for byte>
 *
 *   == end: Failed, exit code 1, after 4 min 05 s: failed: exited with code 1 after 4 min 05 s. Last output: …
 *
 * The outcome line always follows a line end of its own, so the output is given back exactly, whether it ended
 * with a line end or not.
 */
const HEADER_START = '== Automation Hub ';
const HEADER_END = '== output ==';
const OUTCOME_START = '== end: ';

/** Header and outcome lines end as the platform's text files do, so Notepad shows them on lines of their own. */
const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** No value in the frame is longer: a 30,000-character command line is shortened, never allowed to hide the rest. */
const MAX_VALUE_CHARS = 4000;
/** The longest header can be; a reader looks for its end this far into the file. */
export const MAX_HEADER_BYTES = 10 * MAX_VALUE_CHARS * 4;
/** The longest outcome line can be; a reader looks for it this far before the end of the file. */
export const MAX_OUTCOME_BYTES = 2 * MAX_VALUE_CHARS * 4;

/** What the header says about a run. */
export interface LogHeaderFacts {
  run: RunIdentity;
  /** The command line as launched (the resolved command and its arguments). */
  commandLine: string;
  /** The folder it runs in. */
  cwd: string;
  startTime: Date;
  hubVersion: string;
}

/** The first lines of a run's log. */
export function logHeader(facts: LogHeaderFacts): string {
  const { run } = facts;
  const rows: [string, string][] = [
    ['job', run.jobName],
    ...(run.jobFile ? [['job file', run.jobFile] as [string, string]] : []),
    ['command', facts.commandLine],
    ['folder', facts.cwd],
    ['trigger', describeRunTrigger(run.trigger)],
    ['started', localTime(facts.startTime)],
    ['run', `${run.runId}${run.attempt > 1 ? ` (attempt ${run.attempt}, retrying ${run.firstRunId})` : ''}`],
  ];
  const lines = [
    `${HEADER_START}${oneLine(facts.hubVersion)}: log of one run ==`,
    ...rows.map(([name, value]) => `${`${name}:`.padEnd(10)}${oneLine(value)}`),
    HEADER_END,
  ];
  return `${lines.join(EOL)}${EOL}`;
}

/** The last line of a run's log: status, exit code (or signal), duration and the hub's message. */
export function logOutcome(
  result: Pick<RunResult, 'status' | 'exitCode' | 'signal' | 'durationMs' | 'message'>,
): string {
  const code =
    result.exitCode !== null
      ? `exit code ${result.exitCode}`
      : result.signal
        ? `ended by ${result.signal}`
        : 'no exit code';
  const line = `${OUTCOME_START}${result.status}, ${code}, after ${formatDuration(result.durationMs)}: ${oneLine(result.message)}`;
  return `${EOL}${line}${EOL}`;
}

/** Whether `bytes`, the start of a log, begin with a run's header (complete or not). */
export function hasHeaderStart(bytes: Buffer): boolean {
  return bytes.subarray(0, HEADER_START.length).toString('latin1') === HEADER_START;
}

/**
 * Where the job's own output lies in `bytes`, a stretch of a log: after the header when `bytes` starts at the
 * log's beginning, and before the outcome line when it ends at the log's end. Logs written before runs had frames
 * (or a header cut short by a full disk) are all output.
 */
export function outputBounds(
  bytes: Buffer,
  at: { start: boolean; end: boolean },
): { start: number; end: number } {
  let start = 0;
  if (at.start && hasHeaderStart(bytes)) {
    const marker = bytes.indexOf(`${HEADER_END}\n`);
    const crMarker = bytes.indexOf(`${HEADER_END}\r\n`);
    if (crMarker !== -1 && (marker === -1 || crMarker < marker)) start = crMarker + HEADER_END.length + 2;
    else if (marker !== -1) start = marker + HEADER_END.length + 1;
  }
  let end = bytes.length;
  if (at.end) {
    const outcome = lastOutcome(bytes, start);
    // The line end logOutcome put before the outcome line is the frame's, not the job's.
    if (outcome !== -1) {
      const before = outcome - EOL.length;
      end = before >= start && bytes.subarray(before, outcome).toString('latin1') === EOL ? before : outcome;
    }
  }
  return { start, end: Math.max(start, end) };
}

// The outcome line: the last line of the log, at the output's start or after a line end, in the form logOutcome
// writes. Its message is one line (oneLine), so nothing the job printed before it can be taken for it.
const OUTCOME_FORM = new RegExp(
  `^${OUTCOME_START}(${runStatuses.join('|')}), (exit code -?\\d+|ended by \\w+|no exit code), after [^:]+: `,
);

function lastOutcome(bytes: Buffer, from: number): number {
  let trimmed = bytes.length;
  if (bytes[trimmed - 1] === 0x0a) trimmed--;
  if (bytes[trimmed - 1] === 0x0d) trimmed--;
  const start = Math.max(bytes.lastIndexOf(0x0a, trimmed - 1) + 1, from);
  if (trimmed - start > MAX_OUTCOME_BYTES) return -1;
  return OUTCOME_FORM.test(bytes.subarray(start, trimmed).toString('utf8')) ? start : -1;
}

// One line of at most MAX_VALUE_CHARS: line breaks and other control characters are shown, never obeyed.
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return flat.length > MAX_VALUE_CHARS
    ? `${flat.slice(0, MAX_VALUE_CHARS)}… (${flat.length - MAX_VALUE_CHARS} more characters)`
    : flat;
}

// 2026-11-29 03:15:02 +01:00: the wall-clock time where the hub runs, with its offset, as people read logs.
function localTime(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}
