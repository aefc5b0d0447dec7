import type { ProcessEntry } from './process-entry';
import { loadKernel32 } from './win32/kernel32';
import { processCreationToken, snapshotProcesses, type Win32Process } from './win32/process-facts';

/**
 * A snapshot's rows as a process table. Windows has no process groups and no zombies (an exited process leaves
 * no entry), so pgid is null and zombie false. ParentProcessId is never updated when the parent exits, and may
 * therefore name an unrelated process that reused the pid: each row carries its creation time where it can be
 * read, so that such stale links are recognised (a parent younger than its child).
 */
export function toProcessTable(rows: readonly Win32Process[]): ProcessEntry[] {
  return rows.map(({ pid, ppid, startTime }) => ({
    pid,
    ppid,
    pgid: null,
    zombie: false,
    ...(startTime ? { startTime } : {}),
  }));
}

/** The Windows listProcesses(): a Toolhelp snapshot; empty when the Win32 binding is unavailable. */
export async function listWindowsProcesses(): Promise<ProcessEntry[]> {
  const loaded = await loadKernel32();
  return loaded.ok ? toProcessTable(snapshotProcesses(loaded.kernel32, { startTimes: true })) : [];
}

/** The Windows processStartTime() (GetProcessTimes); null also when access is denied or the binding unavailable. */
export async function windowsStartTime(pid: number): Promise<string | null> {
  const loaded = await loadKernel32();
  return loaded.ok ? processCreationToken(loaded.kernel32, pid) : null;
}
