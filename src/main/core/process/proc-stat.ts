/** The fields of /proc/<pid>/stat that the process table needs. */
export interface ProcStat {
  /** One letter: R, S, D, Z (zombie), X (dead), T, … */
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot: with the pid it names one process instance, so it detects pid reuse. */
  startTime: string;
}

/**
 * Parses a /proc/<pid>/stat line, kept pure so its one trap is unit-testable: field 2 (comm) is
 * the executable name in parentheses and may itself contain spaces and ')' — so every field is
 * read after the *last* ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  // fields[0] is field 3 of proc(5), so field N is fields[N - 3].
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = fields[0];
  const ppid = Number(fields[1]);
  const pgrp = Number(fields[2]);
  const startTime = fields[19];
  if (
    !state ||
    !Number.isInteger(ppid) ||
    !Number.isInteger(pgrp) ||
    !startTime ||
    !/^\d+$/.test(startTime)
  ) {
    return null;
  }
  return { state, ppid, pgrp, startTime };
}

/** Z (zombie) and X (dead) are exited processes that still have a /proc entry. */
export function isDeadState(state: string): boolean {
  return state === 'Z' || state === 'X' || state === 'x';
}
