import { constants } from 'node:os';
import type { Libc } from './libc';

/** How a process ended: an exit code, or the signal that ended it (as Node's child_process reports them). */
export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

const WNOHANG = 1;
/** A sweep while children are waited for even if no SIGCHLD came: signals of one kind coalesce. */
const SWEEP_MS = 1000;

// The hub's own children (started by posix_spawn), each reaped by its pid when SIGCHLD says a child changed:
// a sweep asks after every child, as libuv does for its own. By pid, never waitpid(-1): libuv reaps the
// processes child_process started the same way, and neither takes the other's. One listener and one timer for
// all of them, while any is running.
const waiting = new Map<number, ReapedChild>();
let sweeper: NodeJS.Timeout | null = null;
let reaping: Libc | null = null;

/**
 * Listens for SIGCHLD before a spawn, so that a child that exits at once is not missed. After a spawn that
 * failed, reapExited() undoes it.
 */
export function expectChild(libc: Libc): void {
  reaping = libc;
  if (sweeper) return;
  process.on('SIGCHLD', sweep);
  // The timer keeps the event loop alive while a child runs (signal listeners do not), as libuv's handle does.
  sweeper = setInterval(sweep, SWEEP_MS);
}

/** A child of this process, told how it ended once it is reaped. */
export interface ReapedChild {
  readonly pid: number;
  exited(status: ExitStatus): void;
}

/** Tells `child` how it ended once it has exited and is reaped. */
export function watchChild(child: ReapedChild): void {
  // Even if it has exited already: its SIGCHLD, listened for since before the spawn, is handled after this turn.
  waiting.set(child.pid, child);
}

/** Reaps whatever exited; stops listening once no child is left. */
export function reapExited(): void {
  sweep();
}

function sweep(): void {
  const libc = reaping;
  if (!libc) return;
  const status = new Int32Array(1);
  for (const [pid, child] of waiting) {
    const reaped = libc.waitpid(pid, status, WNOHANG);
    if (reaped === 0) continue; // Still running.
    waiting.delete(pid);
    // -1: not (or no longer) our child, which only another waitpid(-1) in this process could cause; its
    // status is lost, and the run says it ended without one.
    child.exited(reaped === pid ? decodeStatus(status[0] as number) : { code: null, signal: null });
  }
  if (waiting.size > 0 || !sweeper) return;
  process.off('SIGCHLD', sweep);
  clearInterval(sweeper);
  sweeper = null;
}

// The first name of a number, as Node's own: 6 is SIGABRT (not SIGIOT), 29 SIGIO (not SIGPOLL).
const SIGNAL_NAMES = new Map<number, string>();
for (const [name, number] of Object.entries(constants.signals))
  if (!SIGNAL_NAMES.has(number)) SIGNAL_NAMES.set(number, name);

/** wait(2)'s status word: the exit code in bits 8-15 after a normal exit, else the signal in bits 0-6. */
export function decodeStatus(status: number): ExitStatus {
  const signal = status & 0x7f;
  if (signal === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: (SIGNAL_NAMES.get(signal) ?? `SIG${signal}`) as NodeJS.Signals };
}
