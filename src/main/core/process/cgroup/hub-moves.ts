import { closeSync, openSync, write, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorText } from '../../../../shared/error-text';
import { monotonicNow } from '../../clock/monotonic';

// The hub's own moves between its cgroup and a run's, around each spawn (spawn-turn.ts lets one run at a time
// make them).
//
// A move takes the kernel's global lock on thread groups for writing; where no move happened for a grace period,
// that waits for an RCU grace period first (5-30 ms measured, on a kernel whose cgroup2 mount lacks
// `favordynmods`), holding the cgroup mutex (docs/benchmarks.md, Q). So the step in is made from a thread of
// libuv's pool, not on the event loop; a move this soon after another finds the lock still quick (it stays so for
// at least a grace period, several ms) and is made in place, cheaper than the trip through the pool.
const QUICK_MS = 2;
let lastMoveAt = Number.NEGATIVE_INFINITY;

// The hub's own cgroup from the moment a step in is under way until the step back out: /proc/self/cgroup may
// already name the run's (the kernel moved the hub before the event loop heard), and what asks meanwhile (another
// run's cgroup, made beside this one) must be told the hub's own.
let steppedFrom: string | null = null;

// A move of the hub into the cgroup it is in, made from the pool as a hub opens (warmMoves): it takes the grace
// period's wait while the hub does other work (its data folder, lock, recovery, channel), so a step in that follows
// within a grace period or two is quick. A step in waits for it first: landing after one, it would move the hub
// back out.
let warming: Promise<void> | null = null;
// Runs whose step in has begun (enter) and whose step out has not come: no warm-up starts while any has, since
// one landing between an in-place step in and its spawn would have the child born outside the run's cgroup.
let stepsUnderWay = 0;

/** A run's step in has begun (see stepsUnderWay); `stepEnded` follows it once, whatever happens. */
export function stepBegun(): void {
  stepsUnderWay++;
}

export function stepEnded(): void {
  stepsUnderWay = Math.max(0, stepsUnderWay - 1);
}

/** Resolves once no warm-up is under way: cgroupfs calls on the event loop would wait behind it (the mutex). */
export function warmedUp(): Promise<void> {
  return warming ?? DONE;
}
const DONE: Promise<void> = Promise.resolve();

/** The hub's own cgroup while it is stepping into a run's or is inside one, else null (ask /proc). */
export function homeWhileStepping(): string | null {
  return steppedFrom;
}

/**
 * Starts moving the hub into `dir` off the event loop, or returns null where it is better made in place (a move
 * happened just now; or in Electron, whose own processes, started by other threads at any time, would be born
 * in the run's cgroup while the hub waits there). Only the open is synchronous. Resolves whether the hub moved.
 */
export function stepInOffLoop(dir: string, home: string): Promise<boolean> | null {
  if (process.versions.electron || (warming === null && monotonicNow() - lastMoveAt < QUICK_MS)) return null;
  let fd: number;
  try {
    fd = openSync(path.join(dir, 'cgroup.procs'), 'w');
  } catch {
    return null; // stepIn() tries again, and says why it cannot.
  }
  steppedFrom = home;
  const move = (): Promise<boolean> =>
    writeOffLoop(fd).then((moved) => {
      if (!moved) steppedFrom = null;
      return moved;
    });
  return warming ? warming.then(move) : move();
}

/**
 * Starts a quiet move (see `warming`) where the hub may move: not while it is stepping into a run's cgroup, nor
 * in Electron (which moves in place).
 */
export function warmMoves(home: string): boolean {
  if (warming !== null || steppedFrom !== null || stepsUnderWay > 0 || process.versions.electron)
    return false;
  let fd: number;
  try {
    fd = openSync(path.join(home, 'cgroup.procs'), 'w');
  } catch {
    return false; // Not ours to write: no run of this hub can be contained, as it will find.
  }
  warming = writeOffLoop(fd).then(() => {
    // Not counted as the last move: its callback may come long after the kernel made it.
    warming = null;
  });
  return true;
}

/** Writes the hub's pid into an open `cgroup.procs` from libuv's pool and closes it; resolves whether it moved. */
function writeOffLoop(fd: number): Promise<boolean> {
  return new Promise((resolve) => {
    write(fd, String(process.pid), (error) => {
      try {
        closeSync(fd);
      } catch {
        // A cgroupfs file has nothing to flush: its descriptor is released either way.
      }
      resolve(!error);
    });
  });
}

/** Moves the hub into `dir` now; throws what the kernel refused. */
export function stepIn(dir: string, home: string): void {
  writeFileSync(path.join(dir, 'cgroup.procs'), '0');
  steppedFrom = home;
}

/** Moves the hub back into its own cgroup; returns why it could not, or null. */
export function stepOut(home: string): string | null {
  let failure: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path.join(home, 'cgroup.procs'), '0');
      lastMoveAt = monotonicNow();
      steppedFrom = null;
      return null;
    } catch (error) {
      failure = error;
    }
  }
  // Still away from home: what asks for the hub's own cgroup is told the one it could not go back to.
  return errorText(failure);
}
