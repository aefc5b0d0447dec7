import type { ProcessEntry } from './process-entry';
import { runText } from './run-text';
import { powershellCommand } from './windows-system';

/** Prints one "pid ppid" line per process; Win32_Process is readable for every user's processes. */
export const LIST_SCRIPT =
  'Get-CimInstance Win32_Process | ForEach-Object { [string]$_.ProcessId + " " + [string]$_.ParentProcessId }';

/** Prints the start time as UTC ticks, or fails (non-zero exit) when the process is gone. */
export function startTimeScript(pid: number): string {
  return `$ErrorActionPreference = 'Stop'; (Get-Process -Id ${Math.trunc(pid)}).StartTime.ToUniversalTime().Ticks`;
}

/**
 * Parses LIST_SCRIPT's output. Windows has no process groups and no zombies (an exited process
 * leaves no entry), so pgid is null and zombie false. Note ParentProcessId is never updated when
 * the parent exits, and may therefore name an unrelated process that reused the pid.
 */
export function parseWindowsTable(stdout: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) entries.push({ pid: Number(match[1]), ppid: Number(match[2]), pgid: null, zombie: false });
  }
  return entries;
}

/** The Windows listProcesses(). */
export async function listWindowsProcesses(): Promise<ProcessEntry[]> {
  const { file, args } = powershellCommand(LIST_SCRIPT);
  const result = await runText(file, args);
  return result.ok ? parseWindowsTable(result.stdout) : [];
}

/** The Windows processStartTime(); null also when access to the process is denied. */
export async function windowsStartTime(pid: number): Promise<string | null> {
  const { file, args } = powershellCommand(startTimeScript(pid));
  const result = await runText(file, args);
  const token = result.stdout.trim();
  return result.ok && /^\d+$/.test(token) ? token : null;
}
