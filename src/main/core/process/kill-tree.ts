import { setTimeout as sleep } from 'node:timers/promises';
import type { KillReport } from './kill-report';
import { collectTargets } from './kill-targets';
import { killTreeWindows } from './kill-tree-windows';
import { isSameProcess, processStartTime } from './process-table';
import type { RootScope, Targets } from './select-targets';
import { signalGroup, signalProcess } from './signal';
import { POLL_MS, waitUntilDead } from './wait-dead';

// Callers take the report's type from here, next to killProcessTree that returns it.
export type { KillReport } from './kill-report';

/**
 * Set when a stop in progress must skip the rest of its grace period (a second Ctrl+C). Read, never waited on:
 * a flag, so a run carries no AbortController (an event target and its maps) for it. An AbortSignal is one.
 */
export interface HurryFlag {
  readonly aborted: boolean;
}

/** How to end a run's processes. */
export interface KillTreeOptions {
  /** SIGTERM first, SIGKILL after this many ms (POSIX; Windows always forces). */
  graceMs: number;
  /** Set: the grace period ends now (a second Ctrl+C). The kill itself is never skipped. */
  hurry?: HurryFlag;
  /** An env var every process of the run inherited: finds those that left the tree (Linux). */
  marker?: { name: string; value: string };
  /**
   * processStartTime(rootPid) taken at spawn. When given and the pid now names another process
   * (reused), that process and its group are left alone; only the marker is followed.
   */
  rootStartTime?: string;
  /**
   * A kernel container holding every process of the run (a cgroup): its members are targets whatever they
   * did to leave the tree, and the forced stage empties it at once. POSIX only.
   */
  container?: ProcessContainer;
  /** For tests of the Windows branch only. */
  platform?: NodeJS.Platform;
}

/** What the kill loop needs of a run's container (see execution/containment). */
export interface ProcessContainer {
  /**
   * Whether the run's root was born inside, so that every process of the run is in it: then an empty container
   * means the whole run has ended, and the kill needs no look at the process table.
   */
  holdsRun(): boolean;
  /** The live processes inside it now. */
  members(): number[];
  /** Ends every process inside at once, forks included (cgroup.kill). */
  killAll(): void;
}

// Rescanning the process table costs a /proc walk; between rescans only known pids are polled.
const RECOLLECT_MS = 250;
// SIGKILL cannot be caught: if this is not enough, more waiting will not help.
const KILL_VERIFY_MS = 2000;
const KILL_ROUND_MS = 250;
// Bounds the rescan-and-kill loop against a run that keeps forking.
const MAX_KILL_ROUNDS = 20;

type Identity = 'ours' | 'gone' | 'stranger';

/** A process as first seen: its pid names it only together with its start time (where known). */
type Known = Map<number, string | undefined>;

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
  const now = await processStartTime(rootPid);
  const identity = rootIdentity(now, options.rootStartTime);
  if ((options.platform ?? process.platform) === 'win32') {
    return identity === 'stranger' ? { pids: [], forced: false, survivors: [] } : killTreeWindows(rootPid);
  }
  // A group bearing the root's id can only be ours: the kernel does not reuse a pid while a process group
  // still bears it. Once the pid names a stranger, our group is long gone.
  const scope: RootScope = { root: identity === 'ours', group: identity !== 'stranger' };
  // The common end of a run that exited by itself: its cgroup is empty, nothing of it is left anywhere.
  if (options.container?.holdsRun() && options.container.members().length === 0)
    return { pids: [], forced: false, survivors: [] };
  const rootStart = options.rootStartTime ?? now ?? undefined;
  return killTreePosix(rootPid, scope, rootStart, options);
}

function rootIdentity(now: string | null, startTime: string | undefined): Identity {
  if (now === null) return 'gone';
  if (startTime === undefined) return 'ours';
  return now === startTime ? 'ours' : 'stranger';
}

/**
 * The kill loop runs for seconds (the grace period), and any of its processes may exit meanwhile and have its
 * pid taken by an unrelated process. So nothing is signalled on the strength of an earlier look: every signal
 * to a pid is preceded by a check that it is still the process first seen (same start time), the root's
 * identity is checked again at each rescan, and the group is signalled only while its id is not a stranger's.
 */
async function killTreePosix(
  root: number,
  initial: RootScope,
  rootStart: string | undefined,
  options: KillTreeOptions,
): Promise<KillReport> {
  const seen: Known = new Map();
  let scope = initial;
  const container = options.container;
  const ours = (pid: number): boolean => isSameProcess(pid, seen.get(pid));
  // The root's pid names a stranger now: neither it nor "its" group is followed any more, for good.
  const checkRoot = (): void => {
    if ((scope.root || scope.group) && rootStart !== undefined && rootTaken(root, rootStart))
      scope = { root: false, group: false };
  };
  // What a fresh snapshot selects is ours now (under its current start time); pids seen earlier stay targets
  // while they are still the process first seen, even if they have left the group.
  const collect = async (): Promise<Targets> => {
    checkRoot();
    const fresh = await collectTargets(root, scope, options.marker);
    const found = new Set(fresh.pids);
    for (const pid of fresh.pids) seen.set(pid, fresh.startTimes.get(pid));
    for (const pid of container?.members() ?? []) {
      if (found.has(pid) || pid === process.pid) continue;
      found.add(pid);
      // Read while the container vouches for it: the start time it is signalled under from then on.
      seen.set(pid, (await processStartTime(pid)) ?? undefined);
    }
    const earlier = [...seen.keys()].filter((pid) => !found.has(pid) && ours(pid));
    return { pids: [...found, ...earlier], groupAlive: fresh.groupAlive, startTimes: fresh.startTimes };
  };
  const signal = (targets: Targets, sig: NodeJS.Signals): void => {
    checkRoot();
    if (targets.groupAlive && scope.group) signalGroup(root, sig);
    for (const pid of targets.pids) if (ours(pid)) signalProcess(pid, sig);
    if (sig === 'SIGKILL') container?.killAll();
  };
  const report = (forced: boolean, survivors: number[]): KillReport => ({
    pids: [...seen.keys()].sort((a, b) => a - b),
    forced,
    survivors: survivors.sort((a, b) => a - b),
  });

  const first = await collect();
  if (first.pids.length === 0) return report(false, []);
  if (await terminate(first, collect, signal, ours, options.graceMs, options.hurry)) return report(false, []);
  const { forced, survivors } = await forceKill(collect, signal, ours);
  return report(forced, survivors);
}

/** Whether a live process other than the root (a younger one, by its start time) now has the root's pid. */
function rootTaken(root: number, rootStart: string): boolean {
  return isSameProcess(root, undefined) && !isSameProcess(root, rootStart);
}

// SIGTERM phase; true when everything ended within the grace period. Newcomers (forked after
// the first signal) get their own SIGTERM; those already asked are not asked twice, because a
// second SIGTERM aborts many programs' orderly shutdown.
async function terminate(
  first: Targets,
  collect: () => Promise<Targets>,
  signal: (targets: Targets, sig: NodeJS.Signals) => void,
  ours: (pid: number) => boolean,
  graceMs: number,
  hurry: HurryFlag | undefined,
): Promise<boolean> {
  const asked = new Set(first.pids);
  signal(first, 'SIGTERM');
  const deadline = Date.now() + Math.max(0, graceMs);
  let known = first.pids;
  let collectedAt = Date.now();
  for (;;) {
    known = known.filter(ours);
    if (known.length === 0 || Date.now() - collectedAt >= RECOLLECT_MS) {
      const fresh = await collect();
      collectedAt = Date.now();
      if (fresh.pids.length === 0) return true;
      const newcomers = fresh.pids.filter((pid) => !asked.has(pid));
      for (const pid of newcomers) asked.add(pid);
      signal({ ...fresh, pids: newcomers, groupAlive: false }, 'SIGTERM');
      known = fresh.pids;
    }
    const left = deadline - Date.now();
    if (left <= 0 || hurry?.aborted) return false;
    await sleep(Math.min(POLL_MS, left));
  }
}

// SIGKILL phase: rescan, kill, wait briefly, until a rescan finds nothing (bounded).
async function forceKill(
  collect: () => Promise<Targets>,
  signal: (targets: Targets, sig: NodeJS.Signals) => void,
  ours: (pid: number) => boolean,
): Promise<{ forced: boolean; survivors: number[] }> {
  const deadline = Date.now() + KILL_VERIFY_MS;
  let forced = false;
  let targets = await collect();
  for (let round = 0; targets.pids.length > 0 && round < MAX_KILL_ROUNDS; round++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    forced = true;
    signal(targets, 'SIGKILL');
    await waitUntilDead(targets.pids, Math.min(KILL_ROUND_MS, left), ours);
    targets = await collect();
  }
  return { forced, survivors: targets.pids };
}
