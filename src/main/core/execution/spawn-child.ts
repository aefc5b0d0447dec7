import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { ExitStatus } from '../process/posix/child-reaper';
import { libc } from '../process/posix/libc';
import { posixSpawn } from '../process/posix/posix-spawn';
import type { PreparedLaunch } from './prepare-launch';

/**
 * A process as spawn() returns it: a ChildProcess, or on Linux a PosixChild (process/posix/posix-spawn.ts), which
 * has the same pid, streams and events ('spawn', 'error', 'exit', 'close').
 */
export type StartedChild = EventEmitter & {
  readonly pid?: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
};

/** A child that started: its pid, a promise for its exit, and one for its output streams closing. */
export interface SpawnedChild {
  child: StartedChild;
  pid: number;
  exited: Promise<Exit>;
  /** Resolves once the child's output streams have closed (at once if they already have). */
  whenClosed(): Promise<void>;
}

/** How the process ended, as child_process reports it (and the posix_spawn path reaps it). */
export type Exit = ExitStatus;

/**
 * Whoever contains the run's processes: runs the spawn itself (so that the child can be born inside a cgroup),
 * is given the pid in the same turn as spawn(), or is told spawn() failed.
 */
export interface Adopter {
  /** Resolves once `around` can run quickly (the hub is in the run's cgroup); never rejects. */
  ready(): Promise<void>;
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
  let child: StartedChild;
  const ready = adopter.ready();
  try {
    // Made while the adopter gets ready: on Linux the first run of a process loads koffi here while a thread of
    // libuv's pool moves the hub into the run's cgroup.
    const start = starter(prepared);
    await ready;
    child = adopter.around(start);
  } catch (error) {
    // Within the spawn's turn, once the step in is over: the hub is back out before another run's spawn.
    await ready;
    adopter.discard();
    return { error };
  }
  // child.pid is set synchronously when the OS created the process; undefined means spawn() failed.
  if (child.pid !== undefined) adopter.adopt(child.pid);
  else adopter.discard();
  if (child.stdout) drain(child.stdout);
  if (child.stderr) drain(child.stderr);
  const watch = new ChildWatch(child);
  (child as Watched)[WATCH] = watch;
  // Module-level listeners (the child is `this`): the run holds its child's listeners for as long as it runs.
  // `on`, not `once`: each event comes once per child, and `once` wraps every listener in two objects more.
  child.on('spawn', onSpawn);
  child.on('error', onError);
  child.on('exit', onExit);
  child.on('close', onClose);
  const failure = await new Promise<unknown>((resolve) => {
    watch.start = resolve;
  });
  if (failure || child.pid === undefined) return { error: failure };
  watch.pid = child.pid;
  return watch;
}

const WATCH = Symbol('spawn-child watch');
type Watched = StartedChild & { [WATCH]?: ChildWatch };

/**
 * A child's start, exit and close. Every running job holds one for as long as it runs, so it holds little: one
 * promise (the exit); the start's resolver only until the OS answered, the close's only while someone waits.
 */
class ChildWatch implements SpawnedChild {
  pid = 0;
  readonly exited: Promise<Exit>;
  exit!: (exit: Exit) => void;
  /** Until 'spawn' or a first 'error' (the OS refused the start). */
  start: ((failure: unknown) => void) | null = null;
  #closed = false;
  #closing: Promise<void> | null = null;
  #onClosed: (() => void) | null = null;

  constructor(readonly child: StartedChild) {
    this.exited = new Promise((resolve) => {
      this.exit = resolve;
    });
  }

  started(failure: unknown): void {
    this.start?.(failure);
    this.start = null;
  }

  close(): void {
    this.#closed = true;
    this.#onClosed?.();
    this.#onClosed = null;
  }

  whenClosed(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closing ??= new Promise((resolve) => {
      this.#onClosed = resolve;
    });
    return this.#closing;
  }
}

function onSpawn(this: Watched): void {
  this[WATCH]?.started(null);
}

// Before the start: the OS refused it. After: a signal that could not be sent; the run's outcome comes from exit.
function onError(this: Watched, error: Error): void {
  this[WATCH]?.started(error);
}

function onExit(this: Watched, code: number | null, signal: NodeJS.Signals | null): void {
  this[WATCH]?.exit({ code, signal });
}

function onClose(this: Watched): void {
  this[WATCH]?.close();
}

/**
 * The spawn() call, made outside spawnChild's scope: the listeners spawnChild leaves on the child live as long as
 * the run, and closures keep their whole scope alive, so the environment (a few KiB per run) must not be in it.
 * On Linux with glibc, posix_spawn (see posix-spawn.ts for why); elsewhere, and where koffi is missing, libuv's.
 */
function starter({ plan, cwd, env }: PreparedLaunch): () => StartedChild {
  const posix = libc();
  if (posix)
    return () => posixSpawn(posix, { file: plan.file, args: plan.args, argv0: plan.argv0, cwd, env });
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
