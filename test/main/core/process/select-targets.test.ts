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
    expect(shell).toEqual({ pids: [], groupAlive: false });
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
    });
  });
});
