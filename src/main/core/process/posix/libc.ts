import { declare, loadKoffi } from '../../native/koffi';

// The glibc functions a Linux hub starts and reaps its jobs' processes with, through koffi. Buffers stand for C
// structures the hub never looks inside (posix_spawn's file actions and attributes, sigset_t) and Int32Arrays for
// `int *` results; koffi passes both as pointers to their memory.

export interface Libc {
  posix_spawn(
    pid: Int32Array,
    path: string,
    actions: Buffer,
    attributes: Buffer,
    argv: (string | null)[],
    envp: (string | null)[],
  ): number;
  posix_spawn_file_actions_init(actions: Buffer): number;
  posix_spawn_file_actions_destroy(actions: Buffer): number;
  posix_spawn_file_actions_addopen(
    actions: Buffer,
    fd: number,
    path: string,
    flags: number,
    mode: number,
  ): number;
  posix_spawn_file_actions_adddup2(actions: Buffer, fd: number, newFd: number): number;
  posix_spawn_file_actions_addchdir_np(actions: Buffer, path: string): number;
  posix_spawnattr_init(attributes: Buffer): number;
  posix_spawnattr_destroy(attributes: Buffer): number;
  posix_spawnattr_setflags(attributes: Buffer, flags: number): number;
  posix_spawnattr_setsigdefault(attributes: Buffer, signals: Buffer): number;
  posix_spawnattr_setsigmask(attributes: Buffer, signals: Buffer): number;
  socketpair(domain: number, type: number, protocol: number, fds: Int32Array): number;
  close(fd: number): number;
  waitpid(pid: number, status: Int32Array, options: number): number;
  /** errno after the last call that returned -1. */
  errno(): number;
}

const PROTOTYPES = [
  'int posix_spawn(void *pid, const char *path, void *actions, void *attributes, const char **argv, const char **envp)',
  'int posix_spawn_file_actions_init(void *actions)',
  'int posix_spawn_file_actions_destroy(void *actions)',
  'int posix_spawn_file_actions_addopen(void *actions, int fd, const char *path, int flags, uint32_t mode)',
  'int posix_spawn_file_actions_adddup2(void *actions, int fd, int newFd)',
  // glibc 2.29 and later (2019); where it is missing the binding fails and spawns go through libuv.
  'int posix_spawn_file_actions_addchdir_np(void *actions, const char *path)',
  'int posix_spawnattr_init(void *attributes)',
  'int posix_spawnattr_destroy(void *attributes)',
  'int posix_spawnattr_setflags(void *attributes, short flags)',
  'int posix_spawnattr_setsigdefault(void *attributes, void *signals)',
  'int posix_spawnattr_setsigmask(void *attributes, void *signals)',
  'int socketpair(int domain, int type, int protocol, void *fds)',
  'int close(int fd)',
  'int waitpid(int pid, void *status, int options)',
] as const;

let bound: Libc | null | undefined;

/**
 * glibc's spawn functions, or null where the hub starts processes through Node's child_process instead: any
 * system but Linux with glibc, Electron (whose embedder may reap children itself; the app runs on Windows), or a
 * koffi that does not load. Bound once per process.
 */
export function libc(): Libc | null {
  if (bound !== undefined) return bound;
  bound = null;
  if (process.platform !== 'linux' || process.versions.electron) return null;
  try {
    const koffi = loadKoffi();
    const library = koffi.load('libc.so.6');
    bound = { ...declare(library, PROTOTYPES), errno: () => koffi.errno() } as unknown as Libc;
  } catch {
    // No koffi for this system, or a libc without these functions (musl, glibc before 2.29).
  }
  return bound;
}
