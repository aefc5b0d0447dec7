import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';
import { type ExitStatus, expectChild, type ReapedChild, reapExited, watchChild } from './child-reaper';
import type { Libc } from './libc';

// A job's process started with glibc's posix_spawn rather than Node's child_process. libuv forks: the kernel
// copies the page tables of the whole hub and write-protects its memory, the child then throws the copy away in
// exec, and every page the hub writes afterwards faults once more (on this class of VM, 13-17 µs each; ~400 in
// a command's exit alone). posix_spawn starts the child in the hub's memory (CLONE_VM | CLONE_VFORK) until its
// exec, so none of that happens. The child gets what libuv gives it: stdin from /dev/null, stdout and stderr
// into socket pairs, the working folder, its own session (detached), every signal at its default and none
// blocked; the descriptors Node opens are close-on-exec, so nothing else is inherited, as with libuv.

export interface PosixSpawnRequest {
  /** An absolute path (the launch plan resolved it): nothing is searched. */
  file: string;
  args: readonly string[];
  argv0: string;
  cwd: string;
  env: Record<string, string>;
}

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
const O_RDONLY = 0;
const ENOEXEC = 8;
const SHELL = '/bin/sh';
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
// glibc's posix_spawn_file_actions_t and posix_spawnattr_t take 80 and 336 bytes on 64-bit systems; more is
// harmless. A sigset_t is 128 bytes.
const ACTIONS_BYTES = 256;
const ATTRIBUTES_BYTES = 1024;
const ALL_SIGNALS = Buffer.alloc(128).fill(0xff, 0, 8); // Signals 1-64.
const NO_SIGNALS = Buffer.alloc(128);

/**
 * Starts `request.file`; throws what child_process.spawn() reports for a process that cannot start (an Error
 * with `code` ENOENT, EACCES, E2BIG…, `syscall` "spawn <file>"), and nothing is left open then. Everything that
 * can fail happens before the process exists: once it does, it is watched before anything else runs.
 */
export function posixSpawn(libc: Libc, request: PosixSpawnRequest): PosixChild {
  const argv = [request.argv0, ...request.args];
  const envp = Object.entries(request.env).map(([name, value]) => `${name}=${value}`);
  // C strings end at NUL: refused (as Node does) rather than cut short. The job's checks refuse it first.
  if ([request.file, ...argv, ...envp].some((text) => text.includes('\0')))
    throw Object.assign(
      new TypeError(`spawn ${request.file}: an argument or variable contains a NUL character`),
      { code: 'ERR_INVALID_ARG_VALUE' },
    );
  const pairs: Int32Array[] = [];
  const streams: Socket[] = [];
  let pid = 0;
  try {
    pairs.push(socketPair(libc), socketPair(libc));
    for (const pair of pairs)
      streams.push(new Socket({ fd: pair[0] as number, readable: true, writable: false }));
    pid = spawnWith(libc, request, argv, envp, pairs);
  } finally {
    for (const pair of pairs) libc.close(pair[1] as number); // The child's ends: it has its own copies.
    if (!pid) {
      for (const [i, pair] of pairs.entries()) {
        const stream = streams[i];
        if (stream) stream.destroy();
        else libc.close(pair[0] as number);
      }
      // After this turn: a sweep can end other runs, and this one may be inside a run's cgroup still.
      process.nextTick(reapExited);
    }
  }
  return new PosixChild(pid, streams[0] as Socket, streams[1] as Socket);
}

/** posix_spawn with the file actions and attributes that give the child libuv's start; its pid, or a throw. */
function spawnWith(
  libc: Libc,
  request: PosixSpawnRequest,
  argv: string[],
  envp: string[],
  [stdout, stderr]: Int32Array[],
): number {
  // Zeroed, so destroying them is safe even if their init failed.
  const actions = Buffer.alloc(ACTIONS_BYTES);
  const attributes = Buffer.alloc(ATTRIBUTES_BYTES);
  const pid = new Int32Array(1);
  let failure = 0;
  try {
    failure =
      libc.posix_spawn_file_actions_init(actions) ||
      libc.posix_spawnattr_init(attributes) ||
      libc.posix_spawn_file_actions_addopen(actions, 0, '/dev/null', O_RDONLY, 0) ||
      libc.posix_spawn_file_actions_adddup2(actions, stdout?.[1] as number, 1) ||
      libc.posix_spawn_file_actions_adddup2(actions, stderr?.[1] as number, 2) ||
      libc.posix_spawn_file_actions_addchdir_np(actions, request.cwd) ||
      libc.posix_spawnattr_setsigdefault(attributes, ALL_SIGNALS) ||
      libc.posix_spawnattr_setsigmask(attributes, NO_SIGNALS) ||
      libc.posix_spawnattr_setflags(
        attributes,
        POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID,
      );
    if (!failure) {
      expectChild(libc);
      const environment = [...envp, null];
      failure = libc.posix_spawn(pid, request.file, actions, attributes, [...argv, null], environment);
      // A file the kernel cannot run (a script without a #! line) goes to the shell, as execvp, and so libuv, does.
      if (failure === ENOEXEC) {
        const shell = [SHELL, request.file, ...request.args, null];
        if (libc.posix_spawn(pid, SHELL, actions, attributes, shell, environment) === 0) failure = 0;
      }
    }
  } finally {
    libc.posix_spawn_file_actions_destroy(actions);
    libc.posix_spawnattr_destroy(attributes);
  }
  if (failure) throw spawnError(failure, request);
  return pid[0] as number;
}

/**
 * The started process as spawnChild() knows a ChildProcess: `pid`, `stdout` and `stderr`, and the events 'spawn'
 * (on the next tick), 'exit' (code, signal) once it is reaped and 'close' once its output streams have closed too.
 * Its listeners are functions shared by every child (`this` tells them apart): a run holds its child as long as
 * it runs, and a closure per child is heap held per running job.
 */
export class PosixChild extends EventEmitter implements ReapedChild {
  open = 2;
  status: ExitStatus | null = null;

  constructor(
    readonly pid: number,
    readonly stdout: Socket,
    readonly stderr: Socket,
  ) {
    super();
    watchChild(this);
    own(stdout, this);
    own(stderr, this);
    process.nextTick(emitSpawn, this);
  }

  exited(status: ExitStatus): void {
    this.status = status;
    this.emit('exit', status.code, status.signal);
    closeIfDone(this);
  }
}

const OWNER = Symbol('posix-spawn child');
type OwnedStream = Socket & { [OWNER]: PosixChild };

function own(stream: Socket, child: PosixChild): void {
  (stream as OwnedStream)[OWNER] = child;
  stream.on('close', onStreamClose);
}

function onStreamClose(this: OwnedStream): void {
  const child = this[OWNER];
  child.open--;
  closeIfDone(child);
}

function closeIfDone(child: PosixChild): void {
  if (child.open === 0 && child.status) child.emit('close', child.status.code, child.status.signal);
}

function emitSpawn(child: PosixChild): void {
  child.emit('spawn');
}

function socketPair(libc: Libc): Int32Array {
  const fds = new Int32Array(2);
  if (libc.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) !== 0)
    throw errnoError(libc.errno(), 'socketpair');
  return fds;
}

function spawnError(errno: number, { file, args }: PosixSpawnRequest): Error {
  return Object.assign(errnoError(errno, `spawn ${file}`), { path: file, spawnargs: [...args] });
}

/** An Error shaped like Node's for a failed system call: "spawn /bin/x ENOENT", code, errno (negative), syscall. */
function errnoError(errno: number, syscall: string): NodeJS.ErrnoException {
  const code = getSystemErrorName(-errno);
  return Object.assign(new Error(`${syscall} ${code}`), { errno: -errno, code, syscall });
}
