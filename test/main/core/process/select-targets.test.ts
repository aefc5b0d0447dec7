import { describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../../src/main/core/process/process-entry';
import { selectTargets } from '../../../../src/main/core/process/select-targets';

const p = (pid: number, ppid: number, pgid: number | null, zombie = false): ProcessEntry => ({
  pid,
  ppid,
  pgid,
  zombie,
});

// init(1) ─ shell(50, pg 50) ─ hub(100, pg 50 = self)
//                                ├ root(200, pg 200) ─ child(201) ─ gc(202) ─ zombie(203)
//                                └ sibling job(300, pg 300)
// orphan group member 210 (ppid 1, pg 200), setsid escapee 220 (pg 220, ppid 1) + its child 221
const table = [
  p(1, 0, 0),
  p(50, 1, 50),
  p(100, 50, 50),
  p(200, 100, 200),
  p(201, 200, 200),
  p(202, 201, 200),
  p(203, 202, 200, true),
  p(210, 1, 200),
  p(220, 1, 220),
  p(221, 220, 220),
  p(300, 100, 300),
];
const ours = { root: true, group: true };
const sorted = (pids: number[]) => [...pids].sort((a, b) => a - b);

describe('selectTargets', () => {
  it('takes the root, its group and its descendants, and skips zombies', () => {
    const result = selectTargets({ root: 200, scope: ours, table, markerPids: [], self: 100 });
    expect(sorted(result.pids)).toEqual([200, 201, 202, 210]);
    expect(result.groupAlive).toBe(true);
  });

  it('adds marker carriers and their descendants', () => {
    const result = selectTargets({ root: 200, scope: ours, table, markerPids: [220], self: 100 });
    expect(sorted(result.pids)).toEqual([200, 201, 202, 210, 220, 221]);
  });

  it('follows only the group once the root is gone, and only the marker for a stranger', () => {
    const gone = selectTargets({
      root: 200,
      scope: { root: false, group: true },
      table,
      markerPids: [],
      self: 100,
    });
    expect(sorted(gone.pids)).toEqual([200, 201, 202, 210]); // still members of group 200
    const stranger = selectTargets({
      root: 200,
      scope: { root: false, group: false },
      table,
      markerPids: [220],
      self: 100,
    });
    expect(sorted(stranger.pids)).toEqual([220, 221]);
    expect(stranger.groupAlive).toBe(false);
  });

  it('never selects us, our ancestors, our own group or init, whatever pid it is given', () => {
    const shell = selectTargets({ root: 50, scope: ours, table, markerPids: [100, 50, 1], self: 100 });
    expect(shell).toEqual({ pids: [], groupAlive: false, startTimes: new Map() });
    const init = selectTargets({ root: 1, scope: ours, table, markerPids: [], self: 100 });
    expect(init.pids).toEqual([]);
    // A job's own descendants are still found when we are not their ancestor.
    expect(selectTargets({ root: 300, scope: ours, table, markerPids: [], self: 100 }).pids).toEqual([300]);
  });

  it('reports an empty group as not alive, so it is not signalled', () => {
    const dead = table.map((e) => (e.pgid === 200 ? { ...e, zombie: true } : e));
    expect(selectTargets({ root: 200, scope: ours, table: dead, markerPids: [], self: 100 })).toEqual({
      pids: [],
      groupAlive: false,
      startTimes: new Map(),
    });
  });

  it("carries each target's start time from the snapshot, so a kill can tell it from a later holder of its pid", () => {
    const timed = table.map((e) => ({ ...e, startTime: String(1000 + e.pid) }));
    const result = selectTargets({ root: 200, scope: ours, table: timed, markerPids: [220], self: 100 });
    expect(sorted([...result.startTimes.keys()])).toEqual(sorted(result.pids));
    expect(result.startTimes.get(221)).toBe('1221');
  });

  // Windows: ParentProcessId is never updated, so after pid reuse it can name a younger, unrelated process.
  // start times are creation times (decimal ticks); entries are { pid, ppid, pgid: null }.
  const w = (pid: number, ppid: number, startTime?: string): ProcessEntry => ({
    pid,
    ppid,
    pgid: null,
    zombie: false,
    ...(startTime === undefined ? {} : { startTime }),
  });
  // The Windows kill's selection: the root and its descendants by parentage, no groups, no markers.
  const windowsKill = (root: number, windowsTable: ProcessEntry[]) =>
    sorted(
      selectTargets({
        root,
        scope: { root: true, group: false },
        table: windowsTable,
        markerPids: [],
        self: 100,
      }).pids,
    );

  it("does not stop an unrelated older process whose dead parent's pid the run now holds", () => {
    // 700 (a user's editor, started at 10) had parent 200, long gone; the run's root took pid 200 at 50.
    const windowsTable = [
      w(4, 0, '1'),
      w(100, 4, '5'),
      w(200, 100, '50'),
      w(201, 200, '60'),
      w(700, 200, '10'),
      w(701, 700, '11'),
    ];
    expect(windowsKill(200, windowsTable)).toEqual([200, 201]);
  });

  it('still stops the run when a younger process took the pid of our own dead parent', () => {
    // The hub (100, started at 5) was launched by 40, which exited; the run's root then got pid 40.
    const windowsTable = [w(4, 0, '1'), w(100, 40, '5'), w(40, 100, '50'), w(41, 40, '60')];
    expect(windowsKill(40, windowsTable)).toEqual([40, 41]);
  });

  it('trusts links whose start times are unknown, equal, or not tick counts', () => {
    const windowsTable = [
      w(100, 4),
      w(200, 100, '50'),
      w(201, 200),
      w(202, 200, '50'),
      w(203, 200, '2026-01-01T00:00:00Z'),
      w(204, 200, '51'),
    ];
    expect(windowsKill(200, windowsTable)).toEqual([200, 201, 202, 203, 204]);
  });
});
