// Pids that must never be signalled whatever a table says: kill(0)/kill(-1) address whole
// groups or everything, pid 1 is init, and we do not end ourselves.
function signallable(pid: number): boolean {
  return Number.isInteger(pid) && pid > 1 && pid !== process.pid;
}

// Gone (ESRCH) and not ours (EPERM) are normal races in a kill loop, which verifies afterwards.
function ignoreRace(error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ESRCH' && code !== 'EPERM') throw error;
}

/** Signals one process; a process that already exited or is not ours is not an error here. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  if (!signallable(pid)) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    ignoreRace(error);
  }
}

/** Signals every member of process group `pgid` at once (POSIX), so no member can fork past it. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  if (!signallable(pgid)) return;
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    ignoreRace(error);
  }
}
