import { readFile } from 'node:fs/promises';
import { listLinuxProcesses } from './linux-proc';
import type { ProcessEntry } from './process-entry';
import { descendantsOf } from './process-table';
import { runText } from './run-text';
import { loadKernel32 } from './win32/kernel32';
import { processWorkingSet, snapshotProcesses } from './win32/process-facts';
import { toProcessTable } from './windows-process';

/**
 * Resident memory of a run: its root, every descendant, and (POSIX) every member of its process group, in
 * bytes; null when it cannot be measured. Used by `process.maxMemoryMB`, which limits the whole run and
 * not only the process the hub started: a script that starts a hungry child must not slip through.
 */
export async function treeMemoryBytes(
  rootPid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<number | null> {
  if (platform === 'linux') return linuxTreeMemory(rootPid);
  if (platform === 'win32') return windowsTreeMemory(rootPid);
  if (platform === 'darwin') return darwinTreeMemory(rootPid);
  return null;
}

/** The pids of a run in a process table: root, descendants and group members. */
export function runPids(rootPid: number, table: ProcessEntry[]): number[] {
  const pids = new Set([rootPid, ...descendantsOf(rootPid, table)]);
  for (const entry of table) if (entry.pgid === rootPid && !entry.zombie) pids.add(entry.pid);
  return [...pids];
}

async function linuxTreeMemory(rootPid: number): Promise<number | null> {
  const table = await listLinuxProcesses();
  let total = 0;
  for (const pid of runPids(rootPid, table)) {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'latin1');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      if (kb) total += Number(kb) * 1024;
    } catch {
      // Exited between the listing and the read.
    }
  }
  return total;
}

async function darwinTreeMemory(rootPid: number): Promise<number | null> {
  const result = await runText('/bin/ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=']);
  if (!result.ok) return null;
  const rows = result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((row) => row.length === 4 && row.every(Number.isFinite));
  const table: ProcessEntry[] = rows.map(([pid, ppid, pgid]) => ({
    pid: pid ?? 0,
    ppid: ppid ?? 0,
    pgid: pgid ?? null,
    zombie: false,
  }));
  const rss = new Map(rows.map(([pid, , , kb]) => [pid ?? 0, (kb ?? 0) * 1024]));
  return runPids(rootPid, table).reduce((sum, pid) => sum + (rss.get(pid) ?? 0), 0);
}

// Runs contained in a Job Object have Windows enforce the limit itself; this serves runs the hub could not contain.
async function windowsTreeMemory(rootPid: number): Promise<number | null> {
  const loaded = await loadKernel32();
  if (!loaded.ok) return null;
  const table = toProcessTable(snapshotProcesses(loaded.kernel32));
  if (!table.some((entry) => entry.pid === rootPid)) return null;
  return runPids(rootPid, table).reduce(
    (sum, pid) => sum + (processWorkingSet(loaded.kernel32, pid) ?? 0),
    0,
  );
}
