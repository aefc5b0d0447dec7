import { creationTimeToken } from './filetime';
import type { Kernel32 } from './kernel32';
import {
  decodeProcessEntry,
  decodeWorkingSet,
  memoryCountersBuffer,
  processEntryBuffer,
} from './process-layout';

const TH32CS_SNAPPROCESS = 0x2;
const INVALID_HANDLE_VALUE = -1;
// Enough for GetProcessTimes and K32GetProcessMemoryInfo, and granted for other users' processes too.
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

/** One row of a process snapshot. */
export interface Win32Process {
  pid: number;
  /** The id the parent had when this process started; it may since name another process (pids are reused). */
  ppid: number;
  /** The executable's file name, e.g. `node.exe`. */
  exeFile: string;
  /** Its creation time (creationTimeToken), when asked for and readable (not for every system process). */
  startTime?: string;
}

/**
 * Every process on the machine (CreateToolhelp32Snapshot + Process32FirstW/NextW): readable for every user's
 * processes without rights, and a few milliseconds (a PowerShell query takes about a second), creation times
 * included (one GetProcessTimes each). Empty when Windows refuses the snapshot.
 */
export function snapshotProcesses(
  kernel32: Kernel32,
  options: { startTimes?: boolean } = {},
): Win32Process[] {
  const snapshot = kernel32.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snapshot === INVALID_HANDLE_VALUE || snapshot === 0) return [];
  try {
    const entry = processEntryBuffer();
    const rows: Win32Process[] = [];
    for (
      let more = kernel32.Process32FirstW(snapshot, entry);
      more;
      more = kernel32.Process32NextW(snapshot, entry)
    ) {
      const row: Win32Process = decodeProcessEntry(entry);
      const startTime = options.startTimes ? processCreationToken(kernel32, row.pid) : null;
      rows.push(startTime ? { ...row, startTime } : row);
    }
    return rows;
  } finally {
    kernel32.CloseHandle(snapshot);
  }
}

/**
 * Whether a process is a console host: Windows starts `conhost.exe` for a console program that has no console
 * to share, in the program's job. It is the console, not something the run started, and ends with its program.
 */
export function isConsoleHost(exeFile: string | undefined): boolean {
  return exeFile !== undefined && exeFile.toLowerCase() === 'conhost.exe';
}

/**
 * The process's creation time as an identity token (see creationTimeToken), or null when it has exited or is
 * not ours to open. Tells a process from a later one that reused its pid.
 */
export function processCreationToken(kernel32: Kernel32, pid: number): string | null {
  return withProcess(kernel32, pid, (handle) => {
    const creation = Buffer.alloc(8);
    const exit = Buffer.alloc(8);
    const scratch = Buffer.alloc(8);
    if (!kernel32.GetProcessTimes(handle, creation, exit, scratch, scratch)) return null;
    // An exited process stays openable while anyone holds a handle to it; it has an exit time then.
    if (exit.readBigUInt64LE(0) !== 0n) return null;
    return creationTimeToken(creation.readBigUInt64LE(0));
  });
}

/** The process's working set in bytes, or null when it is gone or not ours to open. */
export function processWorkingSet(kernel32: Kernel32, pid: number): number | null {
  return withProcess(kernel32, pid, (handle) => {
    const counters = memoryCountersBuffer();
    if (!kernel32.K32GetProcessMemoryInfo(handle, counters, counters.length)) return null;
    return decodeWorkingSet(counters);
  });
}

/** The process's priority class (IDLE_PRIORITY_CLASS …), or null when it is gone or not ours to open. */
export function processPriorityClass(kernel32: Kernel32, pid: number): number | null {
  return withProcess(kernel32, pid, (handle) => kernel32.GetPriorityClass(handle) || null);
}

function withProcess<T>(kernel32: Kernel32, pid: number, read: (handle: number) => T | null): T | null {
  const handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (!handle) return null;
  try {
    return read(handle);
  } finally {
    kernel32.CloseHandle(handle);
  }
}
