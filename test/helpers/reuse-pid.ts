import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exited } from './processes';
import { waitFor } from './wait-for';

// The kernel hands out the pid after this one next (Linux, root only): how a test makes a pid be reused now
// instead of after the pid space has wrapped around. It rewinds the pid allocator of the whole pid namespace, so
// every process forked meanwhile gets a recently freed pid: on a shared machine that makes pid-based cleanup
// elsewhere hit the wrong processes. So it is only ever written inside a private pid namespace (see below).
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

/** Set in the environment of a test run that is inside its own pid namespace (started by runInPidNamespace). */
export const PID_NAMESPACE_FLAG = 'AH_TEST_PRIVATE_PID_NAMESPACE';

/** True inside a private pid namespace started for pid-reuse scenarios. */
export function inPrivatePidNamespace(): boolean {
  return process.env[PID_NAMESPACE_FLAG] === '1';
}

/** Why pid reuse cannot be staged here, or null when it can (Linux, as root, with unshare for a pid namespace). */
export function pidReuseUnavailable(): string | null {
  if (process.platform !== 'linux') return 'pid reuse is staged in a private pid namespace (Linux only)';
  if (process.getuid?.() !== 0) return 'staging pid reuse needs root (a private pid namespace, ns_last_pid)';
  try {
    accessSync('/usr/bin/unshare', constants.X_OK);
    return null;
  } catch {
    return 'unshare (util-linux) is not installed';
  }
}

/**
 * Starts an unrelated process (a detached `sleep`: its own session and group, no run marker) that gets exactly
 * `pid`, which must be free (its old process dead and reaped). Other processes on the machine fork too, so the
 * pid may be taken in between: it tries again a number of times. Throws when it never gets the pid.
 */
export async function spawnStrangerWithPid(pid: number, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  if (!inPrivatePidNamespace()) throw new Error('pid reuse is only staged inside a private pid namespace');
  await waitFor(() => !existsSync(`/proc/${pid}`), { what: `pid ${pid} is free`, timeoutMs: 5000 });
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

/**
 * Runs one test file again inside a private pid namespace (`unshare --pid --fork --mount-proc`, root), where it
 * may rewind the pid allocator without touching any other process; everything in the namespace dies with it.
 * Resolves with the inner vitest's exit code and output.
 */
export function runInPidNamespace(testFile: string): Promise<{ code: number | null; output: string }> {
  const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
  const child = spawn(
    '/usr/bin/unshare',
    ['--pid', '--fork', '--mount-proc', process.execPath, vitest, 'run', testFile, '--reporter=verbose'],
    { env: { ...process.env, [PID_NAMESPACE_FLAG]: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}
