import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killProcessTree } from '../../../../src/main/core/process/kill-tree';
import { isAlive } from '../../../../src/main/core/process/process-table';
import { exited, expectNoSurvivors, ProcessTracker, readPids } from '../../../helpers/processes';
import {
  inPrivatePidNamespace,
  pidReuseUnavailable,
  runInPidNamespace,
  spawnStrangerWithPid,
} from '../../../helpers/reuse-pid';
import { waitFor } from '../../../helpers/wait-for';

// A process of the run exits during the grace period and an unrelated process takes its pid before the SIGKILL
// round: the stranger must never be signalled. Staging the reuse rewinds the pid allocator, so this file runs its
// scenarios only inside a private pid namespace; run normally, it starts itself there (root: CI here, and the
// GitHub Linux runner's sudo step) and checks that every scenario passed.
const unavailable = pidReuseUnavailable();

describe.runIf(!inPrivatePidNamespace() && process.platform === 'linux')(
  'pids reused during a tree kill',
  () => {
    it.skipIf(unavailable !== null)(
      `pass in a private pid namespace (${unavailable ?? 'root'})`,
      async () => {
        const { code, output } = await runInPidNamespace(fileURLToPath(import.meta.url));
        expect(output).toMatch(/Tests\s+2 passed \| 1 skipped \(3\)/);
        expect(code, output).toBe(0);
      },
      60_000,
    );
  },
);

describe.runIf(inPrivatePidNamespace())('killProcessTree and pids reused during the kill', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  /** Waits until the kill's SIGTERM has reached `pid` (the fixture notes it), so the kill loop has seen it. */
  const termNoted = (pidsFile: string, pid: number) =>
    waitFor(() => readFileSync(pidsFile, 'utf8').includes(`term ${pid}\n`), {
      what: `SIGTERM reached ${pid}`,
    });
  /** Kills a process and waits until its pid is free (reaped, not even a zombie holds it). */
  const killAndFree = async (pid: number) => {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !existsSync(`/proc/${pid}`), { what: `pid ${pid} was reaped`, timeoutMs: 5000 });
  };

  it('never signals a stranger that took the pid of a child that exited', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '2', '--ignore-term', '--note-term']);
    const [root, child] = (await readPids(tree.pidsFile, 2)) as [number, number];
    const hurry = new AbortController();
    const kill = killProcessTree(root, { graceMs: 30_000, hurry: hurry.signal, marker: tree.marker });
    await termNoted(tree.pidsFile, child);
    await killAndFree(child); // its parent (the root) reaps it

    const stranger = await spawnStrangerWithPid(child);
    tracker.track(child);
    hurry.abort(); // the SIGKILL rounds start now, with the child's pid naming the stranger

    const report = await kill;
    expect(isAlive(child)).toBe(true);
    expect(report.survivors).toEqual([]);
    await expectNoSurvivors([root]);
    stranger.kill('SIGKILL');
  });

  it("never signals a stranger that took the root's pid, nor its group", async () => {
    // The setsid grandchild keeps the kill going (found by the marker) after the root and child are gone.
    const tree = tracker.start('tree.mjs', [
      '--depth',
      '3',
      '--setsid-grandchild',
      '--ignore-term',
      '--note-term',
    ]);
    const [root, child, grandchild] = (await readPids(tree.pidsFile, 3)) as [number, number, number];
    const hurry = new AbortController();
    const kill = killProcessTree(root, { graceMs: 30_000, hurry: hurry.signal, marker: tree.marker });
    await termNoted(tree.pidsFile, root);
    await termNoted(tree.pidsFile, child);
    await killAndFree(child);
    process.kill(root, 'SIGKILL');
    await exited(tree.child); // the test reaps the root: its pid and its (now empty) group id are free

    // Detached: the stranger leads its own group, whose id is the root's old pid.
    const stranger = await spawnStrangerWithPid(root);
    tracker.track(root);
    hurry.abort();

    const report = await kill;
    expect(isAlive(root)).toBe(true);
    expect(report.pids).toContain(grandchild);
    expect(report.survivors).toEqual([]);
    await expectNoSurvivors([grandchild]);
    stranger.kill('SIGKILL');
  });
});
