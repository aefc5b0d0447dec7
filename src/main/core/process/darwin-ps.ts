import type { ProcessEntry } from './process-entry';
import { runText } from './run-text';

// By absolute path so a `ps` earlier on PATH cannot stand in for the real one.
const PS = '/bin/ps';

/** Parses `ps -A -o pid=,ppid=,pgid=,stat=` output; pure so it can be tested off macOS. */
export function parsePsTable(stdout: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of stdout.split('\n')) {
    const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
    if (!pid || !ppid || !pgid || !stat || !/^\d+$/.test(pid)) continue;
    entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat.startsWith('Z') });
  }
  return entries;
}

/** The macOS listProcesses(). */
export async function listDarwinProcesses(): Promise<ProcessEntry[]> {
  const result = await runText(PS, ['-A', '-o', 'pid=,ppid=,pgid=,stat=']);
  return result.ok ? parsePsTable(result.stdout) : [];
}

/** The macOS processStartTime(): lstart has one-second resolution, enough to tell a reused pid apart. */
export async function darwinStartTime(pid: number): Promise<string | null> {
  const result = await runText(PS, ['-o', 'lstart=', '-p', String(pid)]);
  const token = result.stdout.trim();
  return result.ok && token ? token : null;
}
