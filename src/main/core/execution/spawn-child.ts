import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { PreparedLaunch } from './prepare-launch';

/** A child that started: its pid, and promises for its exit and for its output streams closing. */
export interface SpawnedChild {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  closed: Promise<void>;
}

/**
 * Whoever contains the run's processes: runs the spawn itself (so that the child can be born inside a cgroup),
 * is given the pid in the same turn as spawn(), or is told spawn() failed.
 */
export interface Adopter {
  around<T extends { pid?: number | undefined }>(start: () => T): T;
  adopt(pid: number): void;
  discard(): void;
}

/**
 * Starts the planned process with its output piped to `drain` (attached before the process can write), hands it
 * to `adopter` at once (on Windows: into the run's Job Object before it can start anything), and waits until the
 * OS says it started or refused. Never throws: a refusal comes back as `{ error }`.
 */
export async function spawnChild(
  prepared: PreparedLaunch,
  drain: (stream: Readable) => void,
  adopter: Adopter,
): Promise<SpawnedChild | { error: unknown }> {
  let child: ChildProcess;
  try {
    child = adopter.around(starter(prepared));
  } catch (error) {
    adopter.discard();
    return { error };
  }
  // child.pid is set synchronously when the OS created the process; undefined means spawn() failed.
  if (child.pid !== undefined) adopter.adopt(child.pid);
  else adopter.discard();
  if (child.stdout) drain(child.stdout);
  if (child.stderr) drain(child.stderr);
  const failure = await new Promise<unknown>((resolveSpawn) => {
    child.once('spawn', () => resolveSpawn(null));
    child.once('error', (error) => resolveSpawn(error));
  });
  if (failure || child.pid === undefined) return { error: failure };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  const closed = new Promise<void>((resolveClose) => child.once('close', () => resolveClose()));
  return { child, pid: child.pid, exited, closed };
}

/**
 * The spawn() call, made outside spawnChild's scope: the listeners spawnChild leaves on the child live as long as
 * the run, and closures keep their whole scope alive, so the environment (a few KiB per run) must not be in it.
 */
function starter({ plan, cwd, env }: PreparedLaunch): () => ChildProcess {
  return () =>
    spawn(plan.file, plan.args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Console programs (and cmd, powershell) without a console window; a GUI program's first window shows.
      windowsHide: plan.hideWindow,
      windowsVerbatimArguments: plan.windowsVerbatimArguments,
      // With verbatim arguments Node copies argv[0] unquoted; the plan's argv0 is quoted for paths with spaces.
      argv0: plan.argv0,
      // Own process group on POSIX so the whole tree can be signalled; on Windows it would open a console.
      detached: process.platform !== 'win32',
    });
}
