import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessEntry } from '../../../../src/main/core/process/process-entry';
import {
  descendantsOf,
  isAlive,
  listProcesses,
  processStartTime,
} from '../../../../src/main/core/process/process-table';
import { exited, expectNoSurvivors, ProcessTracker, readPids } from '../../../helpers/processes';
import { waitFor } from '../../../helpers/wait-for';

const entry = (pid: number, ppid: number): ProcessEntry => ({ pid, ppid, pgid: null, zombie: false });

describe('descendantsOf', () => {
  it('returns all transitive children, not the root, not siblings', () => {
    const table = [entry(1, 0), entry(10, 1), entry(11, 10), entry(12, 11), entry(13, 10), entry(20, 1)];
    expect(descendantsOf(10, table).sort()).toEqual([11, 12, 13]);
    expect(descendantsOf(12, table)).toEqual([]);
    expect(descendantsOf(99, table)).toEqual([]);
  });

  it('ignores a parent link to a process that started after the child (a reused Windows pid)', () => {
    const timed = (pid: number, ppid: number, startTime: string): ProcessEntry => ({
      ...entry(pid, ppid),
      startTime,
    });
    // 30 and its child 31 are older than 10, which merely took their dead parent's pid; 12 is 10's own.
    const table = [timed(10, 1, '500'), timed(12, 10, '600'), timed(30, 10, '100'), timed(31, 30, '101')];
    expect(descendantsOf(10, table)).toEqual([12]);
    // A start-time cycle (5 → 6 → 5) keeps only the link that can be true.
    expect(descendantsOf(5, [timed(5, 6, '10'), timed(6, 5, '20')])).toEqual([6]);
    expect(descendantsOf(6, [timed(5, 6, '10'), timed(6, 5, '20')])).toEqual([]);
  });

  it('terminates on cycles (stale Windows parent ids after pid reuse) and self-parents', () => {
    const table = [entry(0, 0), entry(5, 6), entry(6, 5), entry(7, 6)];
    expect(descendantsOf(5, table).sort()).toEqual([6, 7]);
    expect(descendantsOf(0, table)).toEqual([]);
  });
});

describe.runIf(process.platform !== 'win32')('the real process table', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('lists a real tree with parentage and process group', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '3']);
    const [root, child, grandchild] = await readPids(tree.pidsFile, 3);
    const table = await listProcesses();
    const byPid = new Map(table.map((e) => [e.pid, e]));

    expect(root).toBe(tree.pid);
    expect(byPid.get(process.pid)?.zombie).toBe(false);
    expect(byPid.get(child as number)?.ppid).toBe(root);
    expect(byPid.get(grandchild as number)?.ppid).toBe(child);
    // Started detached: the root leads a new group that its descendants inherit.
    expect([root, child, grandchild].map((pid) => byPid.get(pid as number)?.pgid)).toEqual([
      root,
      root,
      root,
    ]);
    expect(descendantsOf(root as number, table).sort()).toEqual([child, grandchild].sort());
    expect(descendantsOf(process.pid, table)).toEqual(expect.arrayContaining([root, child, grandchild]));
  });

  it('processStartTime is stable for one process and null once it is gone', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '1']);
    const [pid] = await readPids(tree.pidsFile, 1);
    const first = await processStartTime(pid as number);
    const second = await processStartTime(pid as number);
    expect(first).toEqual(expect.any(String));
    expect(second).toBe(first);
    // Our own token differs from the fixture's: it names an instance, not "some process".
    expect(await processStartTime(process.pid)).not.toBeNull();

    process.kill(pid as number, 'SIGKILL');
    await exited(tree.child);
    expect(await processStartTime(pid as number)).toBeNull();
    expect(isAlive(pid as number)).toBe(false);
  });

  it('isAlive: true for us, false for nonsense pids, and EPERM counts as alive', () => {
    expect(isAlive(process.pid)).toBe(true);
    for (const pid of [0, -1, -process.pid, 1.5, Number.NaN]) expect(isAlive(pid)).toBe(false);
    expect(isAlive(1)).toBe(true); // init: EPERM for non-root users, plainly alive for root
  });
});

describe.runIf(process.platform === 'linux')('zombies', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('a zombie counts as dead for isAlive, the table and processStartTime', async () => {
    // The background sleep exits after sh has exec'd into a sleep that never reaps it: a zombie.
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    tracker.track(parent.pid as number);
    const zombie = await firstLine(parent.stdout);
    await waitFor(() => stateOf(zombie) === 'Z', { what: `process ${zombie} is a zombie` });

    // The kernel still has the pid (kill 0 succeeds) — only the zombie rule makes it dead.
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(isAlive(zombie)).toBe(false);
    expect(isAlive(parent.pid as number)).toBe(true);
    expect((await listProcesses()).find((e) => e.pid === zombie)?.zombie).toBe(true);
    expect(await processStartTime(zombie)).toBeNull();

    parent.kill('SIGKILL');
    await exited(parent);
    await expectNoSurvivors([parent.pid as number, zombie]);
  });
});

async function firstLine(stream: NodeJS.ReadableStream): Promise<number> {
  for await (const line of createInterface({ input: stream })) return Number(line);
  throw new Error('no output');
}

function stateOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}
