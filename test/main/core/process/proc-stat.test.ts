import { describe, expect, it } from 'vitest';
import { isDeadState, parseProcStat } from '../../../../src/main/core/process/proc-stat';

// Fields 3..22 of a real line, after "pid (comm) ": state ppid pgrp session tty tpgid flags
// minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
const tail = 'S 41 40 40 0 -1 4194560 118 0 0 0 0 0 0 0 20 0 1 0 987654 8192000 200';

describe('parseProcStat', () => {
  it('reads state, ppid, pgrp and starttime (field 22)', () => {
    expect(parseProcStat(`42 (node) ${tail}\n`)).toEqual({
      state: 'S',
      ppid: 41,
      pgrp: 40,
      startTime: '987654',
    });
  });

  it('parses after the last ")" because comm may contain spaces and parentheses', () => {
    expect(parseProcStat(`42 (a) b (c) Z 1 2) ${tail}`)).toEqual({
      state: 'S',
      ppid: 41,
      pgrp: 40,
      startTime: '987654',
    });
    expect(parseProcStat(`42 (evil) 7 7 7) ${tail}`)?.ppid).toBe(41);
  });

  it('rejects malformed text instead of guessing', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('42 node S 1 1')).toBeNull();
    expect(parseProcStat('42 (node) S 1 1')).toBeNull();
  });
});

describe('isDeadState', () => {
  it('treats zombies and dead entries as dead and everything else as alive', () => {
    expect(['Z', 'X', 'x'].map(isDeadState)).toEqual([true, true, true]);
    expect(['R', 'S', 'D', 'T', 't', 'I'].map(isDeadState)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
