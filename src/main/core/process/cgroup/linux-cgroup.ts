import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText } from '../../../../shared/error-text';
import { ownCgroupDir, runCgroupName } from './cgroup-paths';
import {
  homeWhileStepping,
  stepBegun,
  stepEnded,
  stepIn,
  stepInOffLoop,
  stepOut,
  warmMoves,
} from './hub-moves';
import type { RunCgroup } from './run-cgroup';

// Set once a try showed that this process cannot use cgroups (no v2 hierarchy, no permission): later runs do not
// try again. Transient failures (a full disk cannot happen in cgroupfs; ENOENT while we are being moved) are
// not remembered.
let unavailable: string | null = null;

// A run cgroup younger than this may be one a hub has just created for a run it is starting.
const STARTING_MS = 10_000;

const NOW: Promise<void> = Promise.resolve();

/** The hub's own cgroup directory (also while it steps into a run's to spawn), or why there is none. */
function ownDir(): string | { reason: string } {
  return homeWhileStepping() ?? currentDir();
}

/** The cgroup directory this process is in now, or why there is none. */
function currentDir(): string | { reason: string } {
  try {
    const dir = ownCgroupDir(
      readFileSync('/proc/self/mountinfo', 'utf8'),
      readFileSync('/proc/self/cgroup', 'utf8'),
    );
    return dir ?? { reason: 'no cgroup v2 hierarchy is mounted for this process (cgroup v1 only)' };
  } catch (error) {
    return { reason: `cannot read this process's cgroup (${errorText(error)})` };
  }
}

/** See warmRunContainers. */
export function warmRunCgroups(): boolean {
  if (unavailable !== null) return false;
  const own = ownDir();
  return typeof own === 'string' && warmMoves(own);
}

/** See containmentSupport. Creates and removes a probe cgroup the first time. */
export function cgroupSupport(): { contained: boolean; reason: string } {
  if (unavailable === null) {
    const probe = openRunCgroup(`probe-${process.pid}`);
    if (probe) {
      void probe.dispose();
      return { contained: true, reason: `each run gets its own cgroup next to ${probe.description}` };
    }
  }
  return { contained: false, reason: unavailable ?? 'unknown' };
}

/** A fresh cgroup for one run inside this process's own, or null (the reason is kept for cgroupSupport). */
export function openRunCgroup(runId: string): RunCgroup | null {
  if (unavailable !== null) return null;
  const own = ownDir();
  if (typeof own !== 'string') {
    unavailable = own.reason;
    return null;
  }
  const dir = path.join(own, runCgroupName(runId));
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      unavailable = `cannot create cgroups in ${own} (${code ?? errorText(error)}): run as root, or start the hub in a delegated cgroup (a systemd user service with Delegate=yes)`;
      return null;
    }
  }
  // cgroup.kill arrived in Linux 5.14; without it the container cannot end its members at once.
  if (!existsSync(path.join(dir, 'cgroup.kill'))) {
    removeTree(dir);
    unavailable = 'this kernel has no cgroup.kill (Linux 5.14 or later is needed)';
    return null;
  }
  return cgroupContainment(dir, own);
}

/** The cgroup a dead hub's run left behind, if it exists: crash recovery ends what is still inside. */
export function existingRunCgroup(runId: string): RunCgroup | null {
  const own = ownDir();
  if (typeof own !== 'string') return null;
  const dir = path.join(own, runCgroupName(runId));
  return existsSync(path.join(dir, 'cgroup.procs')) ? cgroupContainment(dir, own) : null;
}

/**
 * Removes empty run cgroups next to ours: what hubs that were killed left behind once their processes ended.
 * Only empty ones: a cgroup with processes is a live run's (or a dead hub's, which its crash recovery ends).
 */
export function removeEmptyRunCgroups(): void {
  const own = ownDir();
  if (typeof own !== 'string') return;
  let names: string[];
  try {
    names = readdirSync(own);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(runCgroupName(''))) continue;
    const dir = path.join(own, name);
    try {
      // Old enough not to be one another hub has just made and is about to start its run in.
      if (Date.now() - statSync(dir).mtimeMs < STARTING_MS) continue;
      if (/^populated 0$/m.test(readFileSync(path.join(dir, 'cgroup.events'), 'utf8'))) removeTree(dir);
    } catch {
      // Not a cgroup, or removed meanwhile.
    }
  }
}

function cgroupContainment(dir: string, home: string): RunCgroup {
  return new CgroupContainment(dir, home);
}

// A class, not an object of closures: a run holds its cgroup for as long as it runs.
class CgroupContainment implements RunCgroup {
  // Whether the run's start happened inside. Not assumed of a dead hub's cgroup: its start may have failed to
  // step in, so crash recovery always looks at the process table too.
  #holds = false;
  // The hub's step into this cgroup: not begun; begun (contain() steps in itself); under way off the event loop;
  // inside; or over (stepped out, or given up). Begun, entering and inside count in hub-moves' steps under way.
  #step: 'none' | 'begun' | 'entering' | 'inside' | 'over' = 'none';
  #entering: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly home: string,
  ) {}

  // Made when asked for (once per run at most), not kept: a run holds its cgroup for as long as it runs.
  get description(): string {
    return `cgroup ${this.dir}`;
  }

  enter(): Promise<void> {
    if (this.#step !== 'none') return this.#entering ?? NOW;
    stepBegun();
    this.#step = 'begun';
    const moving = stepInOffLoop(this.dir, this.home);
    if (!moving) return NOW; // contain() steps in itself.
    this.#step = 'entering';
    this.#entering = moving.then((moved) => {
      if (this.#step === 'entering') this.#step = moved ? 'inside' : 'begun';
    });
    return this.#entering;
  }

  contain<T>(start: () => T): T {
    // Step in (unless enter() did), spawn (the child is born here, like clone3's CLONE_INTO_CGROUP, which Node
    // cannot ask for), step back out: no other spawn comes between enter() and this (spawn-turn.ts).
    if (this.#step !== 'inside') {
      try {
        stepIn(this.dir, this.home);
      } catch (error) {
        // Removed under us (ENOENT): this run goes uncontained. Refused: no run of this process can be contained.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT')
          unavailable = `cannot move processes into ${this.dir} (${code ?? errorText(error)}): run as root, or start the hub in a delegated cgroup`;
        this.#over();
        return start();
      }
    }
    try {
      const started = start();
      this.#holds = true;
      return started;
    } finally {
      this.#entering = null;
      this.#leave();
    }
  }

  #leave(): void {
    this.#over();
    const failure = stepOut(this.home);
    if (failure) unavailable = `cannot move the hub back from ${this.dir} (${failure})`;
  }

  /** The step is over: no longer counted among hub-moves' steps under way. */
  #over(): void {
    if (this.#step !== 'none' && this.#step !== 'over') stepEnded();
    this.#step = 'over';
  }

  holdsRun(): boolean {
    return this.#holds;
  }

  members(): number[] {
    return membersOf(this.dir).filter((pid) => pid !== process.pid);
  }

  killAll(): void {
    // Never while the hub itself is inside (it could not step back out after a spawn): that would end us.
    if (insideOf(this.dir)) return;
    try {
      writeFileSync(path.join(this.dir, 'cgroup.kill'), '1');
    } catch {
      // Gone already (disposed): nothing left to kill.
    }
  }

  async dispose(): Promise<void> {
    // Entered for a spawn that never came (refused before it was made): back out first, once the step in is done
    // (at once when it is: callers dispose in the spawn's turn, after awaiting enter()).
    if (this.#step === 'entering') await this.#entering;
    if (this.#step === 'inside') this.#leave();
    else this.#over();
    // Removed as soon as it is empty; members that are still exiting take a moment.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (removeTree(this.dir)) return;
      if (attempt === 10) this.killAll();
      await sleep(25);
    }
  }
}

/** Whether this process is in `dir` (or below it) now. */
function insideOf(dir: string): boolean {
  const own = currentDir();
  return typeof own === 'string' && (own === dir || own.startsWith(`${dir}/`));
}

/** Every process in the cgroup and in cgroups below it (a hub running as a job makes its own runs' cgroups there). */
function membersOf(dir: string): number[] {
  const pids: number[] = [];
  const walk = (at: string, depth: number): void => {
    try {
      for (const line of readFileSync(path.join(at, 'cgroup.procs'), 'utf8').split('\n'))
        if (/^\d+$/.test(line)) pids.push(Number(line));
      if (depth > 16) return;
      for (const entry of readdirSync(at, { withFileTypes: true }))
        if (entry.isDirectory()) walk(path.join(at, entry.name), depth + 1);
    } catch {
      // Removed meanwhile.
    }
  };
  walk(dir, 0);
  return pids;
}

/** Removes a cgroup and the empty ones below it; false while any still has processes. */
function removeTree(dir: string): boolean {
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory() && !removeTree(path.join(dir, entry.name))) return false;
    rmdirSync(dir);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
