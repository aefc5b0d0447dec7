import { afterEach, describe, expect, it } from 'vitest';
import { contain } from '../../../../src/main/core/process/run-containment';
import { expectNoSurvivors, ProcessTracker, readPids } from '../../../helpers/processes';

// The Windows side (a Job Object) is proven on Windows and under Wine: test/windows. Here: the same interface
// over the tree kill, where there is no job.
describe.runIf(process.platform === 'linux')('run containment without a Job Object', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('on POSIX is the process-group tree kill: complete, not partial, with no job facts', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '2']);
    const pids = await readPids(tree.pidsFile, 2);
    const containment = await contain(tree.pid, { graceMs: 2000, marker: tree.marker });
    expect(containment.partial).toBeNull();
    expect(containment.enforcesLimits).toBe(false);
    expect(containment.activeProcesses()).toBeNull();
    expect(containment.accounting()).toBeNull();
    expect(containment.memoryLimitHit()).toBe(false);

    const report = await containment.terminate();
    expect(report.pids).toEqual([...pids].sort((a, b) => a - b));
    expect(report.survivors).toEqual([]);
    await expectNoSurvivors(pids);
    containment.close();
  });

  it('on Windows without the Win32 binding falls back, says why, and leaves the limits to the hub', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '1']);
    await readPids(tree.pidsFile, 1);
    // koffi loads here, but kernel32.dll does not exist: the same refusal as a Windows that blocks the binding.
    const containment = await contain(tree.pid, { graceMs: 0, platform: 'win32', maxMemoryMB: 64 });
    expect(containment.partial).toMatch(/^the Win32 binding \(koffi\) could not be loaded: /);
    expect(containment.enforcesLimits).toBe(false);
    expect(containment.accounting()).toBeNull();
    containment.close();
  });
});
