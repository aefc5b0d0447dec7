// Runs on the Windows side (Wine's node.exe, or Node on Windows), bundled by test/windows/win32-binding.test.ts:
// exercises the Win32 binding and the run containment for real and prints one JSON object with what it saw, per
// scenario named on the command line. The test decides what is right; this only observes.
//
//   node win32-probe.mjs <tree.cjs> <scratch dir> <scenario>…
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, listProcesses, processStartTime } from '../../../src/main/core/process/process-table';
import { type ContainmentOptions, prepareContainment } from '../../../src/main/core/process/run-containment';
import { treeMemoryBytes } from '../../../src/main/core/process/tree-memory';
import { loadKernel32 } from '../../../src/main/core/process/win32/kernel32';
import { processPriorityClass, snapshotProcesses } from '../../../src/main/core/process/win32/process-facts';

const [treeScript, scratch, ...scenarios] = process.argv.slice(2) as [string, string, ...string[]];
let counter = 0;

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function pidsIn(file: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    let pids: number[] = [];
    try {
      pids = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {}
    if (pids.length >= count || Date.now() > deadline) return pids;
    await sleep(20);
  }
}

async function waitDead(pids: number[], ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(20);
  return pids.filter(isAlive);
}

/** Starts tree.cjs (root + detached grandchild) contained as a run would be, and waits for both pids. */
async function containedTree(mode: 'stay' | 'exit', options: Partial<ContainmentOptions> = {}, cpuMs = 0) {
  const prepared = await prepareContainment({ graceMs: 0, ...options });
  const pidsFile = path.join(scratch, `pids-${process.pid}-${counter++}`);
  const child = spawn(process.execPath, [treeScript, pidsFile, mode, String(cpuMs)], { stdio: 'ignore' });
  const containment = prepared.contain(child.pid as number);
  const pids = await pidsIn(pidsFile, 2);
  return { child, containment, pids };
}

const probes: Record<string, () => Promise<unknown>> = {
  async snapshot() {
    const loaded = await loadKernel32();
    if (!loaded.ok) return { loaded: loaded.reason };
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid as number;
    await sleep(300);
    const row = snapshotProcesses(loaded.kernel32).find((entry) => entry.pid === pid);
    const first = await processStartTime(pid);
    const again = await processStartTime(pid);
    const table = await listProcesses();
    child.kill();
    await exited(child);
    return {
      self: process.pid,
      childParent: row?.ppid ?? null,
      startTime: first,
      stable: first !== null && first === again,
      ownStartTime: await processStartTime(process.pid),
      afterExit: await processStartTime(pid),
      tableHasBoth: table.some((e) => e.pid === pid) && table.some((e) => e.pid === process.pid),
    };
  },

  async terminate() {
    const { child, containment, pids } = await containedTree('stay');
    const active = containment.activeProcesses();
    const report = await containment.terminate();
    const exitCode = await exited(child);
    const result = {
      partial: containment.partial,
      pids,
      active,
      report,
      activeAfter: containment.activeProcesses(),
      alive: await waitDead(pids, 1000),
      exitCode,
      accounting: containment.accounting(),
    };
    containment.close();
    return result;
  },

  async sweep() {
    const { child, containment, pids } = await containedTree('exit');
    await exited(child);
    const active = containment.activeProcesses();
    const report = await containment.terminate();
    const result = { pids, active, report, alive: await waitDead(pids, 1000) };
    containment.close();
    return result;
  },

  async killOnClose() {
    const { containment, pids } = await containedTree('stay');
    containment.close();
    return { pids, alive: await waitDead(pids) };
  },

  async priority() {
    const loaded = await loadKernel32();
    if (!loaded.ok) return { loaded: loaded.reason };
    const { containment, pids } = await containedTree('stay', { priority: 'belowNormal' });
    const classes = pids.map((pid) => processPriorityClass(loaded.kernel32, pid));
    await containment.terminate();
    containment.close();
    return { notes: containment.notes, classes };
  },

  async cpu() {
    const { containment, pids } = await containedTree('stay', {}, 400);
    const accounting = containment.accounting();
    await containment.terminate();
    containment.close();
    return { pids, accounting };
  },

  async memory() {
    const prepared = await prepareContainment({ graceMs: 0, maxMemoryMB: 160 });
    const hog = `const held = []; for (let i = 0; i < 64; i++) held.push(Buffer.alloc(8 * 1024 * 1024, 1));
      console.log('allocated 512 MB')`;
    const child = spawn(process.execPath, ['-e', hog], { stdio: 'ignore' });
    const containment = prepared.contain(child.pid as number);
    const exitCode = await exited(child);
    const result = {
      exitCode,
      hit: containment.memoryLimitHit(),
      accounting: containment.accounting(),
    };
    await containment.terminate();
    containment.close();
    return result;
  },

  async treeMemory() {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await sleep(300);
    const bytes = await treeMemoryBytes(child.pid as number);
    child.kill();
    await exited(child);
    return { bytes };
  },
};

// The scenarios are independent (each its own processes and job): run together, they cost one Wine start's wait.
const results: Record<string, unknown> = {};
await Promise.all(
  scenarios.map(async (name) => {
    const probe = probes[name];
    try {
      results[name] = probe ? await probe() : { error: `no scenario "${name}"` };
    } catch (error) {
      results[name] = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  }),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
