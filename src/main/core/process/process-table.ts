import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicNow } from '../clock/monotonic';
import { darwinStartTime, listDarwinProcesses } from './darwin-ps';
import { listLinuxProcesses, readStat, readStatSync } from './linux-proc';
import { childrenByParent } from './parent-links';
import { isDeadState } from './proc-stat';
import type { ProcessEntry } from './process-entry';
import { listWindowsProcesses, windowsStartTime } from './windows-process';

// One scan at a time; callers that arrive while it runs share the next one (`queued`).
let running: Promise<ProcessEntry[]> | null = null;
let queued: Promise<ProcessEntry[]> | null = null;
let lastScanEnd = 0;
let lastScanMs = 0;

/**
 * A snapshot of every process on the machine, for finding a job's descendants and group members. Callers that
 * ask while a scan runs share the next one, which starts after they asked: each gets a snapshot no older than
 * its request, and 500 runs ending together cost a few scans, not 500. Back-to-back scans wait as long as the
 * last one took, so scanning never takes more than half of the event loop; a lone scan starts at once.
 */
export function listProcesses(): Promise<ProcessEntry[]> {
  if (running) {
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = null;
        return listProcesses();
      });
    return queued;
  }
  const rest = lastScanEnd + lastScanMs - monotonicNow();
  const scan = async (): Promise<ProcessEntry[]> => {
    if (rest > 0) await sleep(rest);
    const started = monotonicNow();
    try {
      return await scanProcesses();
    } finally {
      lastScanEnd = monotonicNow();
      lastScanMs = lastScanEnd - started;
    }
  };
  const current = scan().finally(() => {
    running = null;
  });
  running = current;
  return current;
}

function scanProcesses(): Promise<ProcessEntry[]> {
  if (process.platform === 'linux') return listLinuxProcesses();
  if (process.platform === 'win32') return listWindowsProcesses();
  return listDarwinProcesses();
}

/**
 * Whether `pid` still runs; sync so kill loops can poll it cheaply. A zombie is dead (it holds
 * no resources and cannot be signalled away; on this project's machines pid 1 may never reap
 * orphans). EPERM means it exists but is not ours to signal: alive. Zombies are only detected on
 * Linux; elsewhere launchd/Windows leave none for long.
 */
export function isAlive(pid: number): boolean {
  // kill(0) and kill(-n) address whole process groups: never let a bad pid mean "us".
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (process.platform === 'linux') {
    const stat = readStatSync(pid);
    if (stat) return !isDeadState(stat.state);
    // No readable /proc entry: usually gone, but hidepid can hide live processes; ask the kernel.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is still the process that had `startTime` (sync, for the instant before a signal): false when
 * it is gone or a younger process reused the pid. Without a start time (a table that knows none: macOS), or
 * where it cannot be read synchronously (not Linux), only liveness can be checked.
 */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (startTime === undefined || process.platform !== 'linux') return isAlive(pid);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readStatSync(pid);
  return stat !== null && !isDeadState(stat.state) && stat.startTime === startTime;
}

/**
 * An opaque token naming one process instance, so callers can tell "still the process I started"
 * from "a new process that reused the pid" before signalling it. Null when the process is gone
 * (a zombie counts as gone).
 */
export async function processStartTime(pid: number): Promise<string | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    const stat = await readStat(pid);
    return stat && !isDeadState(stat.state) ? stat.startTime : null;
  }
  if (process.platform === 'win32') return windowsStartTime(pid);
  return darwinStartTime(pid);
}

/**
 * Every transitive child of `root` by ppid (root itself excluded), breadth first; pure. Stale Windows links
 * (a parent that started after its child) are ignored; see childrenByParent.
 */
export function descendantsOf(root: number, table: ProcessEntry[]): number[] {
  const children = childrenByParent(table);
  // Stale ppids without start times can still form cycles after pid reuse; `seen` keeps the walk finite.
  const seen = new Set<number>([root]);
  const result: number[] = [];
  for (let i = -1; i < result.length; i++) {
    const parent = i < 0 ? root : (result[i] as number);
    for (const child of children.get(parent) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      result.push(child);
    }
  }
  return result;
}
