import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { isAlive } from '../../src/main/core/process/process-table';
import { exited } from './processes';
import { waitFor } from './wait-for';

// The kernel hands out the pid after this one next (Linux, root only): how a test makes a pid be reused now
// instead of after the pid space has wrapped around.
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

/** Why pid reuse cannot be staged here, or null when it can (Linux, as root, with a writable ns_last_pid). */
export function pidReuseUnavailable(): string | null {
  if (process.platform !== 'linux')
    return 'pid reuse is staged through /proc/sys/kernel/ns_last_pid (Linux only)';
  if (process.getuid?.() !== 0) return 'staging pid reuse needs root (writing /proc/sys/kernel/ns_last_pid)';
  try {
    accessSync(NS_LAST_PID, constants.W_OK);
    return null;
  } catch {
    return `${NS_LAST_PID} is not writable here`;
  }
}

/**
 * Starts an unrelated process (a detached `sleep`: its own session and group, no run marker) that gets exactly
 * `pid`, which must be free (its old process dead and reaped). Other processes on the machine fork too, so the
 * pid may be taken in between: it tries again a number of times. Throws when it never gets the pid.
 */
export async function spawnStrangerWithPid(pid: number, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  await waitFor(() => !isAlive(pid), { what: `pid ${pid} is free`, timeoutMs: 5000 });
  const clean = { ...process.env, ...env };
  delete clean.AUTOMATION_HUB_RUN_ID;
  for (let attempt = 0; attempt < 200; attempt++) {
    writeFileSync(NS_LAST_PID, String(pid - 1));
    const child = spawn('sleep', ['60'], { stdio: 'ignore', detached: true, env: clean });
    if (child.pid === pid) return child;
    child.kill('SIGKILL');
    await exited(child);
  }
  throw new Error(`could not start a process with pid ${pid}: other processes kept taking it`);
}
