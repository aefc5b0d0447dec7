import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessTracker } from '../helpers/processes';
import {
  bundleForWindows,
  expectNothingLeft,
  lane,
  requireWindows,
  startWindowsNode,
  underWine,
  WINDOWS_TEST_TIMEOUT_MS,
  WINE_GAPS,
  type WindowsRun,
  windowsPath,
} from '../helpers/wine';

const here = path.dirname(fileURLToPath(import.meta.url));
const everywhere = ['snapshot', 'terminate', 'sweep', 'killOnClose', 'treeMemory'];
const windowsOnly = ['priority', 'cpu', 'memory'];

// One Windows Node runs every scenario (each Wine start costs about a second); the tests read its answers.
type Answers = Record<string, Record<string, unknown> & { error?: string }>;
let answers: Answers = {};
let probeRun: WindowsRun | null = null;
const tracker = new ProcessTracker();
let cleanup = () => {};

beforeAll(async () => {
  if (!lane.ok) return;
  const probe = await bundleForWindows(path.join(here, 'probe', 'win32-probe.ts'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'ah-probe-'));
  cleanup = () => {
    probe.remove();
    rmSync(scratch, { recursive: true, force: true });
  };
  const scenarios = underWine ? everywhere : [...everywhere, ...windowsOnly];
  probeRun = startWindowsNode(
    [
      windowsPath(probe.file),
      windowsPath(path.join(here, 'fixtures', 'tree.cjs')),
      windowsPath(scratch),
      ...scenarios,
    ],
    { tracker },
  );
  const { code, stdout, stderr } = await probeRun.done;
  if (code !== 0) throw new Error(`the probe failed (exit ${code}): ${stderr}`);
  answers = JSON.parse(stdout) as Answers;
}, WINDOWS_TEST_TIMEOUT_MS);

afterAll(async () => {
  if (probeRun) await expectNothingLeft(probeRun, []);
  await tracker.cleanup();
  cleanup();
});

function answer(name: string): Record<string, unknown> {
  const found = answers[name];
  if (!found) throw new Error(`the probe did not run "${name}"`);
  if (found.error) throw new Error(`"${name}" failed on the Windows side: ${found.error}`);
  return found;
}

describe('the Win32 binding, on the Windows side', () => {
  it('lists processes with their parents and tells process instances apart by creation time', (context) => {
    requireWindows(context);
    const seen = answer('snapshot');
    expect(seen.childParent).toBe(seen.self);
    expect(seen.startTime).toMatch(/^\d{18}$/);
    expect(seen.stable).toBe(true);
    expect(seen.ownStartTime).toMatch(/^\d{18}$/);
    expect(seen.afterExit).toBeNull();
    expect(seen.tableHasBoth).toBe(true);
  });

  it('measures a process tree’s memory without PowerShell', (context) => {
    requireWindows(context);
    expect(answer('treeMemory').bytes).toBeGreaterThan(1024 * 1024);
  });
});

describe('run containment in a Job Object', () => {
  it('holds a tree with a detached grandchild, ends all of it, and proves it by the job’s count', (context) => {
    requireWindows(context);
    const seen = answer('terminate') as {
      partial: string | null;
      pids: number[];
      active: number;
      report: { pids: number[]; survivors: number[] };
      activeAfter: number;
      alive: number[];
      accounting: { processesStarted: number };
    };
    expect(seen.partial).toBeNull();
    expect(seen.pids).toHaveLength(2);
    expect(seen.active).toBe(2);
    expect(seen.report.pids).toEqual([...seen.pids].sort((a, b) => a - b));
    expect(seen.report.survivors).toEqual([]);
    expect(seen.activeAfter).toBe(0);
    expect(seen.alive).toEqual([]);
    expect(seen.accounting.processesStarted).toBe(2);
  });

  it('still holds the grandchild after its parent exited, and ends it', (context) => {
    requireWindows(context);
    const seen = answer('sweep') as {
      pids: number[];
      active: number;
      report: { pids: number[]; survivors: number[] };
      alive: number[];
    };
    const grandchild = seen.pids[1];
    expect(seen.active).toBe(1);
    expect(seen.report.pids).toEqual([grandchild]);
    expect(seen.report.survivors).toEqual([]);
    expect(seen.alive).toEqual([]);
  });

  it('ends the run when its job is closed, as when the hub dies (kill on job close)', (context) => {
    requireWindows(context);
    const seen = answer('killOnClose') as { pids: number[]; alive: number[] };
    expect(seen.pids).toHaveLength(2);
    expect(seen.alive).toEqual([]);
  });

  it('gives every process of the run the job’s priority class', (context) => {
    requireWindows(context, WINE_GAPS.jobPriority);
    const seen = answer('priority') as { notes: string[]; classes: number[] };
    expect(seen.notes).toEqual([]);
    // BELOW_NORMAL_PRIORITY_CLASS for the job's process and for the grandchild it started.
    expect(seen.classes).toEqual([0x4000, 0x4000]);
  });

  it('counts the CPU time of every process of the run', (context) => {
    requireWindows(context, WINE_GAPS.jobCpuTime);
    const seen = answer('cpu') as { accounting: { cpuMs: number; processesStarted: number } };
    // Each of the two processes burned 400 ms before reporting in.
    expect(seen.accounting.cpuMs).toBeGreaterThanOrEqual(700);
    expect(seen.accounting.processesStarted).toBe(2);
  });

  it('refuses the run memory beyond maxMemoryMB, says so, and reports the peak', (context) => {
    requireWindows(context, WINE_GAPS.jobMemory);
    const seen = answer('memory') as {
      exitCode: number;
      hit: boolean;
      accounting: { peakMemoryBytes: number | null };
    };
    expect(seen.exitCode).not.toBe(0);
    expect(seen.hit).toBe(true);
    expect(seen.accounting.peakMemoryBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(seen.accounting.peakMemoryBytes).toBeLessThanOrEqual(160 * 1024 * 1024);
  });
});
