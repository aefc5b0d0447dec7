import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../src/main/core/process/process-table';
import { readPidsNow } from '../../test/helpers/processes';

// One reader of fixture pid files for tests and benchmarks alike.
export { isAlive, readPidsNow };

/** Waits until `file` lists at least `count` pids; returns them (or what there is after `timeoutMs`). */
export async function readPids(file: string, count: number, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = readPidsNow(file);
    if (pids.length >= count || Date.now() >= deadline) return pids;
    await sleep(10);
  }
}

/**
 * Polls until every pid is dead (zombies count as dead, as in core's isAlive) or `timeoutMs` passes.
 * Returns when the last one was first seen dead (performance.now()) and those still alive at the end.
 */
export async function waitAllDead(
  pids: readonly number[],
  timeoutMs: number,
  pollMs = 2,
): Promise<{ deadAt: number; survivors: number[] }> {
  const deadline = performance.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && performance.now() < deadline) {
    await sleep(pollMs);
    alive = alive.filter(isAlive);
  }
  return { deadAt: performance.now(), survivors: alive };
}

/**
 * Every process a scenario started, so that each scenario can prove it left none behind: `sweep` kills
 * what is still alive (SIGKILL) and reports it as an orphan.
 */
export class PidLedger {
  readonly #pids = new Set<number>();

  add(pid: number | null | undefined): void {
    if (pid) this.#pids.add(pid);
  }

  addAll(pids: Iterable<number>): void {
    for (const pid of pids) this.add(pid);
  }

  get size(): number {
    return this.#pids.size;
  }

  /** Kills and returns the pids still alive after `graceMs`; forgets all of them. */
  async sweep(graceMs = 1000): Promise<{ checked: number; orphans: number[] }> {
    const pids = [...this.#pids];
    this.#pids.clear();
    const { survivors } = await waitAllDead(pids, graceMs, 10);
    for (const pid of survivors) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    return { checked: pids.length, orphans: survivors };
  }
}

/** Resolves when a spawned child has closed its stdio (exit and streams), with its exit code. */
export function closed(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}

/** spawn + wait for 'spawn'; stdout/stderr (if piped) are drained. */
export function spawnDrained(file: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}
