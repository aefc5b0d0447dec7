import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { killProcessTree } from '../../../../src/main/core/process/kill-tree';
import type { ProcessEntry } from '../../../../src/main/core/process/process-entry';
import { isAlive, listProcesses, processStartTime } from '../../../../src/main/core/process/process-table';
import {
  exited,
  expectNoSurvivors,
  ProcessTracker,
  pidsWithMarker,
  readPids,
  readPidsNow,
} from '../../../helpers/processes';
import { waitFor } from '../../../helpers/wait-for';

// Small so the SIGKILL path is reached quickly; large enough for node to handle SIGTERM.
const GRACE_MS = 300;

describe.runIf(process.platform === 'linux')('killProcessTree (POSIX)', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('ends a 3-level tree that obeys SIGTERM without forcing', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '3']);
    const pids = await readPids(tree.pidsFile, 3);

    const report = await killProcessTree(tree.pid, { graceMs: 5000 });

    expect(report).toEqual({ pids: [...pids].sort((a, b) => a - b), forced: false, survivors: [] });
    await expectNoSurvivors(pids);
  });

  it('forces a grandchild that ignores SIGTERM', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '3', '--ignore-term-from', '2']);
    const pids = await readPids(tree.pidsFile, 3);

    const report = await killProcessTree(tree.pid, { graceMs: GRACE_MS });

    expect(report.forced).toBe(true);
    expect(report.survivors).toEqual([]);
    expect(report.pids).toEqual(expect.arrayContaining(pids));
    await expectNoSurvivors(pids);
  });

  it('ends group members after the root has already exited', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '3', '--exit-root-after', '50', '--ignore-term']);
    const [root, ...rest] = await readPids(tree.pidsFile, 3);
    await exited(tree.child);
    expect(isAlive(root as number)).toBe(false);
    expect(rest.every(isAlive)).toBe(true);

    const report = await killProcessTree(tree.pid, { graceMs: GRACE_MS });

    expect(report.pids).toEqual(expect.arrayContaining(rest));
    expect(report.survivors).toEqual([]);
    await expectNoSurvivors(rest);
  });

  describe('a setsid grandchild whose parents exited (reparented, outside the group)', () => {
    async function startEscapee() {
      const tree = tracker.start('tree.mjs', [
        '--depth',
        '3',
        '--setsid-grandchild',
        '--exit-parents-after',
        '50',
      ]);
      const [root, child, grandchild] = (await readPids(tree.pidsFile, 3)) as [number, number, number];
      await exited(tree.child);
      await expectNoSurvivors([root, child]);
      // The kernel reparents the grandchild as its parent exits; under load that can trail the parent's death
      // as seen through /proc by a moment, so wait (bounded) for it before checking where it now stands.
      let entry: ProcessEntry | undefined;
      await waitFor(
        async () => {
          entry = (await listProcesses()).find((e) => e.pid === grandchild);
          return !entry || ![root, child].includes(entry.ppid);
        },
        { what: `the grandchild ${grandchild} was reparented`, timeoutMs: 2000 },
      );
      // Neither in the group nor below anything of the tree any more: only the marker finds it.
      expect(entry?.pgid).toBe(grandchild);
      expect([root, child]).not.toContain(entry?.ppid);
      return { tree, grandchild };
    }

    it('is found and ended through the marker', async () => {
      const { tree, grandchild } = await startEscapee();

      const report = await killProcessTree(tree.pid, { graceMs: GRACE_MS, marker: tree.marker });

      expect(report.pids).toContain(grandchild);
      expect(report.survivors).toEqual([]);
      await expectNoSurvivors([grandchild]);
    });

    it('is not found without the marker (why the marker exists)', async () => {
      const { tree, grandchild } = await startEscapee();

      const report = await killProcessTree(tree.pid, { graceMs: GRACE_MS });

      expect(report.pids).not.toContain(grandchild);
      expect(isAlive(grandchild)).toBe(true);
      process.kill(grandchild, 'SIGKILL');
      await expectNoSurvivors([grandchild]);
    });
  });

  it('ends a run that keeps forking escapees while being killed', async () => {
    // Every sleep is in its own session and reparented at once: only the marker can find them.
    const forker = tracker.start('kill-forker.mjs', [
      '--setsid-children',
      '--orphan-children',
      '--ignore-term',
      '--interval-ms',
      '20',
      '--child-life-ms',
      '2000',
    ]);
    await readPids(forker.pidsFile, 6);
    expect(pidsWithMarker(forker.marker).length).toBeGreaterThan(1);

    const report = await killProcessTree(forker.pid, { graceMs: GRACE_MS, marker: forker.marker });

    expect(report.forced).toBe(true);
    expect(report.survivors).toEqual([]);
    expect(report.pids.length).toBeGreaterThanOrEqual(6);
    await expectNoSurvivors(readPidsNow(forker.pidsFile));
    // Nothing carrying the run's marker was left, including the orphaned `sleep`s.
    expect(pidsWithMarker(forker.marker)).toEqual([]);
    // And nothing new appears afterwards: the forker itself is dead.
    const written = readPidsNow(forker.pidsFile).length;
    await sleep(200);
    expect(readPidsNow(forker.pidsFile).length).toBe(written);
  });

  it('resolves with an empty report when the tree is already gone', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '1']);
    await readPids(tree.pidsFile, 1);
    process.kill(tree.pid, 'SIGKILL');
    await exited(tree.child);

    const report = await killProcessTree(tree.pid, { graceMs: 5000, marker: tree.marker });

    expect(report).toEqual({ pids: [], forced: false, survivors: [] });
  });

  it('leaves the pid alone when its start time shows it is another process now', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '2']);
    const pids = await readPids(tree.pidsFile, 2);

    const report = await killProcessTree(tree.pid, { graceMs: GRACE_MS, rootStartTime: 'not-this-process' });

    expect(report.pids).toEqual([]);
    expect(pids.every(isAlive)).toBe(true);

    const token = await processStartTime(tree.pid);
    const matching = await killProcessTree(tree.pid, { graceMs: GRACE_MS, rootStartTime: token as string });
    expect(matching.pids).toEqual(expect.arrayContaining(pids));
    await expectNoSurvivors(pids);
  });

  it('refuses pids that would mean "every process" instead of guessing', async () => {
    for (const pid of [0, 1, -1, Number.NaN, 2.5]) {
      await expect(killProcessTree(pid, { graceMs: 0 })).rejects.toThrow(RangeError);
    }
  });
});
