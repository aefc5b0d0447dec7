import { setTimeout as sleep } from 'node:timers/promises';
import type { KillReport } from './kill-report';
import { collectTargets } from './kill-targets';
import { killTreeWindows } from './kill-tree-windows';
import { isAlive, processStartTime } from './process-table';
import type { RootScope, Targets } from './select-targets';
import { signalGroup, signalProcess } from './signal';
import { POLL_MS, waitUntilDead } from './wait-dead';

// Callers take the report's type from here, next to killProcessTree that returns it.
export type { KillReport } from './kill-report';

/** How to end a run's processes. */
export interface KillTreeOptions {
  /** SIGTERM first, SIGKILL after this many ms (POSIX; Windows always forces). */
  graceMs: number;
  /** Aborted: the grace period ends now (a second Ctrl+C). The kill itself is never skipped. */
  hurry?: AbortSignal;
  /** An env var every process of the run inherited: finds those that left the tree (Linux). */
  marker?: { name: string; value: string };
  /**
   * processStartTime(rootPid) taken at spawn. When given and the pid now names another process
   * (reused), that process and its group are left alone; only the marker is followed.
   */
  rootStartTime?: string;
  /** For tests of the Windows branch only. */
  platform?: NodeJS.Platform;
}

// Rescanning the process table costs a /proc walk; between rescans only known pids are polled.
const RECOLLECT_MS = 250;
// SIGKILL cannot be caught: if this is not enough, more waiting will not help.
const KILL_VERIFY_MS = 2000;
const KILL_ROUND_MS = 250;
// Bounds the rescan-and-kill loop against a run that keeps forking.
const MAX_KILL_ROUNDS = 20;

type Identity = 'ours' | 'gone' | 'stranger';

/**
 * Ends a run's whole process tree and verifies it is gone — the "never leave a process behind"
 * promise. POSIX: the run was spawned `detached`, so `rootPid` leads a process group. SIGTERM
 * goes to the group and to every target (group members, descendants, marker carriers), then
 * after `graceMs` SIGKILL, rescanning each round because processes may fork meanwhile. Windows:
 * taskkill /T /F, then verification. Never throws for processes that vanish mid-way; throws
 * RangeError for a pid that cannot be a job (≤ 1, not an integer).
 */
export async function killProcessTree(rootPid: number, options: KillTreeOptions): Promise<KillReport> {
  // 0, 1, negatives and NaN would make "the root's descendants" mean every process on the machine.
  if (!Number.isInteger(rootPid) || rootPid <= 1)
    throw new RangeError(`killProcessTree: invalid pid ${rootPid}`);
  const identity = await rootIdentity(rootPid, options.rootStartTime);
  if ((options.platform ?? process.platform) === 'win32') {
    return identity === 'stranger' ? { pids: [], forced: false, survivors: [] } : killTreeWindows(rootPid);
  }
  // A group bearing the root's id can only be ours: the kernel does not reuse a pid while a
  // process group still bears it. Once the pid names a stranger, our group is long gone.
  const scope: RootScope = { root: identity === 'ours', group: identity !== 'stranger' };
  return killTreePosix(rootPid, scope, options);
}

async function rootIdentity(rootPid: number, startTime: string | undefined): Promise<Identity> {
  if (startTime === undefined) return 'ours';
  const now = await processStartTime(rootPid);
  if (now === null) return 'gone';
  return now === startTime ? 'ours' : 'stranger';
}

async function killTreePosix(root: number, scope: RootScope, options: KillTreeOptions): Promise<KillReport> {
  const seen = new Set<number>();
  // Pids seen earlier stay targets while alive, even if they have since left the group.
  const collect = async (): Promise<Targets> => {
    const fresh = await collectTargets(root, scope, options.marker);
    const found = new Set(fresh.pids);
    const earlier = [...seen].filter((pid) => !found.has(pid) && isAlive(pid));
    for (const pid of fresh.pids) seen.add(pid);
    return { pids: [...fresh.pids, ...earlier], groupAlive: fresh.groupAlive };
  };
  const report = (forced: boolean, survivors: number[]): KillReport => ({
    pids: [...seen].sort((a, b) => a - b),
    forced,
    survivors: survivors.sort((a, b) => a - b),
  });

  const first = await collect();
  if (first.pids.length === 0) return report(false, []);
  if (await terminate(root, first, collect, options.graceMs, options.hurry)) return report(false, []);
  const { forced, survivors } = await forceKill(root, collect);
  return report(forced, survivors);
}

// SIGTERM phase; true when everything ended within the grace period. Newcomers (forked after
// the first signal) get their own SIGTERM; those already asked are not asked twice, because a
// second SIGTERM aborts many programs' orderly shutdown.
async function terminate(
  root: number,
  first: Targets,
  collect: () => Promise<Targets>,
  graceMs: number,
  hurry: AbortSignal | undefined,
): Promise<boolean> {
  const asked = new Set(first.pids);
  if (first.groupAlive) signalGroup(root, 'SIGTERM');
  for (const pid of first.pids) signalProcess(pid, 'SIGTERM');
  const deadline = Date.now() + Math.max(0, graceMs);
  let known = first.pids;
  let collectedAt = Date.now();
  for (;;) {
    known = known.filter(isAlive);
    if (known.length === 0 || Date.now() - collectedAt >= RECOLLECT_MS) {
      const fresh = await collect();
      collectedAt = Date.now();
      if (fresh.pids.length === 0) return true;
      for (const pid of fresh.pids) {
        if (asked.has(pid)) continue;
        asked.add(pid);
        signalProcess(pid, 'SIGTERM');
      }
      known = fresh.pids;
    }
    const left = deadline - Date.now();
    if (left <= 0 || hurry?.aborted) return false;
    await sleep(Math.min(POLL_MS, left));
  }
}

// SIGKILL phase: rescan, kill, wait briefly, until a rescan finds nothing (bounded).
async function forceKill(
  root: number,
  collect: () => Promise<Targets>,
): Promise<{ forced: boolean; survivors: number[] }> {
  const deadline = Date.now() + KILL_VERIFY_MS;
  let forced = false;
  let targets = await collect();
  for (let round = 0; targets.pids.length > 0 && round < MAX_KILL_ROUNDS; round++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    forced = true;
    if (targets.groupAlive) signalGroup(root, 'SIGKILL');
    for (const pid of targets.pids) signalProcess(pid, 'SIGKILL');
    await waitUntilDead(targets.pids, Math.min(KILL_ROUND_MS, left));
    targets = await collect();
  }
  return { forced, survivors: targets.pids };
}
