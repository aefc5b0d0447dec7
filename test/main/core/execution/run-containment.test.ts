import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import {
  cgroupContainmentSupport,
  newRunCgroup,
  runContainersWarmed,
  warmRunContainers,
} from '../../../../src/main/core/process/cgroup/open-cgroup';
import { killProcessTree } from '../../../../src/main/core/process/kill-tree';
import { expectNoSurvivors, ProcessTracker, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

// Contained runs need cgroup v2 that this process may create cgroups in: root (CI here, and the GitHub Linux
// runner's sudo step), or a delegated cgroup. Elsewhere the limit is what README and SECURITY.md state.
const support =
  process.platform === 'linux' ? cgroupContainmentSupport() : { contained: false, reason: 'not Linux' };
const service = new ProcessExecutionService();
const tempDir = useTempDirs();

/**
 * A job that starts an escapee the way a hostile or careless script does, then exits 0: the escapee drops the
 * run marker, starts its own session (so it leaves the process group) and is orphaned (so it leaves the tree).
 */
async function escapingJob(dir: string, mainSeconds: number): Promise<{ script: string; pidsFile: string }> {
  const pidsFile = join(dir, 'pids');
  const script = join(dir, 'escape.sh');
  await writeFile(
    script,
    [
      '#!/bin/sh',
      `( env -u AUTOMATION_HUB_RUN_ID setsid sh -c 'echo $$ >> "${pidsFile}"; exec sleep 60' & )`,
      // Wait until the escapee is up, so the job's exit never races it.
      `while [ ! -s "${pidsFile}" ]; do sleep 0.05; done`,
      `sleep ${mainSeconds}`,
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return { script, pidsFile };
}

describe.runIf(support.contained)(`runs contained in a cgroup (${support.reason})`, () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('ends an escapee that left the group and dropped the marker when the job exits, and says so', async () => {
    const { script, pidsFile } = await escapingJob(await tempDir(), 0);
    const running = service.execute('Escape', { command: script });
    const [escapee] = (await readPids(pidsFile, 1)) as [number];
    tracker.track(escapee);
    const result = await running;

    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.message).toMatch(
      /1 leftover process was still running after the job ended and was stopped/,
    );
    await expectNoSurvivors([escapee]);
  });

  it('ends an escapee when the run times out', async () => {
    const { script, pidsFile } = await escapingJob(await tempDir(), 60);
    const running = service.execute(
      'Escape',
      { command: script, timeoutMinutes: 0.01 },
      { killGraceMs: 300 },
    );
    const [escapee] = (await readPids(pidsFile, 1)) as [number];
    tracker.track(escapee);
    const result = await running;

    expect(result.status).toBe('TimedOut');
    await expectNoSurvivors([escapee]);
  });

  it('holds every process a contained start makes, also one orphaned in its own session; empties at once; is removed', async () => {
    const containment = newRunCgroup(`test-${process.pid}-${Date.now()}`);
    if (!containment) throw new Error('containment was reported available');
    const dir = containment.description.replace(/^cgroup /, '');
    const tree = containment.contain(() =>
      tracker.start('tree.mjs', [
        '--depth',
        '3',
        '--setsid-grandchild',
        '--exit-parents-after',
        '50',
        '--ignore-term',
      ]),
    );
    const pids = await readPids(tree.pidsFile, 3);
    const grandchild = pids[2] as number;
    await waitFor(() => containment.members().length === 1, { what: 'the parents exited' });

    expect(containment.members()).toEqual([grandchild]);
    expect(readFileSync('/proc/self/cgroup', 'utf8')).not.toContain('automation-hub-run-');
    containment.killAll();
    await expectNoSurvivors([grandchild]);
    await containment.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('steps the hub in ahead of the spawn (off the event loop) and back out with it; the child is born inside', async () => {
    const containment = newRunCgroup(`test-${process.pid}-${Date.now()}`);
    if (!containment) throw new Error('containment was reported available');
    const name = basename(containment.description);
    await delay(10); // A quiet spell: a move right after another is made in place, by contain().
    await containment.enter();
    expect(readFileSync('/proc/self/cgroup', 'utf8')).toContain(name);
    // Another run's cgroup, made while the hub is inside this one, goes beside it.
    const other = newRunCgroup(`test-${process.pid}-${Date.now()}-other`);
    expect(dirname(other?.description ?? '')).toBe(dirname(containment.description));
    await other?.dispose();

    const tree = containment.contain(() => tracker.start('tree.mjs', ['--depth', '1']));

    expect(readFileSync('/proc/self/cgroup', 'utf8')).not.toContain('automation-hub-run-');
    await readPids(tree.pidsFile, 1);
    expect(containment.members()).toEqual([tree.pid]);
    expect(containment.holdsRun()).toBe(true);
    containment.killAll();
    await expectNoSurvivors([tree.pid]);
    await containment.dispose();
  });

  it('steps in after the warm-up move of a hub that opens, never before it (that would move the hub back out)', async () => {
    for (let round = 0; round < 12; round++) {
      const containment = newRunCgroup(`test-${process.pid}-${Date.now()}-${round}`);
      if (!containment) throw new Error('containment was reported available');
      try {
        await runContainersWarmed();
        expect(warmRunContainers()).toBe(true);
        await containment.enter();

        expect(readFileSync('/proc/self/cgroup', 'utf8')).toContain(basename(containment.description));
        const tree = containment.contain(() => tracker.start('tree.mjs', ['--depth', '1']));
        await readPids(tree.pidsFile, 1);
        expect(containment.members()).toEqual([tree.pid]);
        containment.killAll();
        await expectNoSurvivors([tree.pid]);
      } finally {
        await containment.dispose();
      }
    }
  });

  it('starts no warm-up move while a step in has begun, whichever way it is made, until its step out', async () => {
    await runContainersWarmed();
    const first = newRunCgroup(`test-${process.pid}-${Date.now()}-1`);
    const second = newRunCgroup(`test-${process.pid}-${Date.now()}-2`);
    if (!first || !second) throw new Error('containment was reported available');
    try {
      await first.enter();
      expect(warmRunContainers()).toBe(false); // under way off the event loop
      const one = first.contain(() => tracker.start('tree.mjs', ['--depth', '1']));
      // Right after a move: the next step in is made in place, by contain(), and has begun all the same.
      void second.enter();
      expect(warmRunContainers()).toBe(false);
      const two = second.contain(() => tracker.start('tree.mjs', ['--depth', '1']));
      expect(warmRunContainers()).toBe(true);

      await readPids(one.pidsFile, 1);
      await readPids(two.pidsFile, 1);
      expect(first.members()).toEqual([one.pid]);
      expect(second.members()).toEqual([two.pid]);
      first.killAll();
      second.killAll();
      await expectNoSurvivors([one.pid, two.pid]);
    } finally {
      await first.dispose();
      await second.dispose();
      await runContainersWarmed();
    }
  });

  it('backs out of a step in whose spawn never came, and removes the cgroup', async () => {
    const containment = newRunCgroup(`test-${process.pid}-${Date.now()}`);
    if (!containment) throw new Error('containment was reported available');
    const dir = containment.description.replace(/^cgroup /, '');
    void containment.enter();

    await containment.dispose();

    expect(readFileSync('/proc/self/cgroup', 'utf8')).not.toContain('automation-hub-run-');
    expect(existsSync(dir)).toBe(false);
  });

  it('starts each of many runs started together in its own cgroup, beside the hub', async () => {
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1] ?? '';
    const beside = own === '/' ? '' : own;
    // Started a little apart after a quiet spell, so that some are made while the hub's first step in waits for
    // the kernel (where it waits: a cgroup2 mount without `favordynmods`), and some together.
    await delay(100);
    const results = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        await delay(i * 2);
        return service.execute(`Where ${i}`, { command: 'cat', arguments: ['/proc/self/cgroup'] });
      }),
    );

    for (const result of results) {
      expect(result.status).toBe('CompletedSuccessfully');
      // Made while another run's step in was under way, a cgroup must still go beside it, not inside.
      expect(result.outputTail).toContain(`0::${beside}/automation-hub-run-${result.runId}\n`);
    }
    expect(readFileSync('/proc/self/cgroup', 'utf8')).not.toContain('automation-hub-run-');
  });

  it('takes an empty cgroup as proof that a run ended only when the run was started inside it', async () => {
    const containment = newRunCgroup(`test-${process.pid}-${Date.now()}`);
    if (!containment) throw new Error('containment was reported available');
    // Started beside the cgroup, not in it (as when stepping in failed): the cgroup knows nothing of it.
    const tree = tracker.start('tree.mjs', ['--depth', '2']);
    const pids = await readPids(tree.pidsFile, 2);
    expect(containment.holdsRun()).toBe(false);

    const report = await killProcessTree(tree.pid, { graceMs: 300, container: containment });

    expect(report.pids).toEqual(expect.arrayContaining(pids));
    await expectNoSurvivors(pids);
    await containment.dispose();
  });
});

describe.runIf(process.platform === 'linux' && !support.contained)('runs without a cgroup', () => {
  it(`states why (${support.reason})`, () => {
    expect(support.reason).toMatch(/cgroup|root/);
  });
});
