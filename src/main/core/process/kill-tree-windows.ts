import type { KillReport } from './kill-report';
import { isAlive, listProcesses } from './process-table';
import { runText } from './run-text';
import { selectTargets } from './select-targets';
import { waitUntilDead } from './wait-dead';
import { taskkillCommand } from './windows-system';

// taskkill returns once it has asked; the processes take a moment to be gone.
const VERIFY_MS = 3000;

/**
 * The Windows tree kill: `taskkill /PID root /T /F` by absolute path, then verification of the
 * tree as it was just before. taskkill /T walks parentage, so descendants whose parent already
 * exited are out of its reach (a Job Object is the complete answer): they are reported as
 * survivors, never passed over in silence. There is no graceful phase: console programs have no
 * SIGTERM, so the kill is always forced.
 */
export async function killTreeWindows(rootPid: number): Promise<KillReport> {
  const table = await listProcesses();
  // Same rails as POSIX: an ancestor of ours given as root yields nothing, so no taskkill /T.
  const selected = selectTargets({
    root: rootPid,
    scope: { root: true, group: false },
    table,
    markerPids: [],
    self: process.pid,
  });
  // An empty table means the snapshot failed (no Win32 binding): still kill, and verify at least the root.
  const targets = (table.length === 0 ? [rootPid] : selected.pids).filter(isAlive);
  if (targets.length === 0) return { pids: [], forced: false, survivors: [] };
  const { file, args } = taskkillCommand(rootPid);
  await runText(file, args); // Exit 128 ("not found") is a normal race; the check below decides.
  const survivors = await waitUntilDead(targets, VERIFY_MS);
  const byPid = (a: number, b: number) => a - b;
  return { pids: targets.sort(byPid), forced: true, survivors: survivors.sort(byPid) };
}
