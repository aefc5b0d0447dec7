import { childrenByParent, isStaleLink } from './parent-links';
import type { ProcessEntry } from './process-entry';

/** What of the root's identity may be trusted: decided once per kill from its start-time token. */
export interface RootScope {
  /** Follow the root pid itself and its descendants (false once the pid is gone or reused). */
  root: boolean;
  /** Process group `root` may be ours (a pid is never reused while a group still bears it). */
  group: boolean;
}

/** The live processes of one run at one instant, and whether its process group has members. */
export interface Targets {
  pids: number[];
  groupAlive: boolean;
  /**
   * Each target's start time as the snapshot saw it (where the table knows it): with the pid it names the
   * process, so a kill loop can check right before a signal that the pid still names that process and not a
   * stranger that reused it after the target exited.
   */
  startTimes: ReadonlyMap<number, string>;
}

/** Everything select needs, gathered from the OS; a plain value so the selection is testable. */
export interface TargetInput {
  root: number;
  scope: RootScope;
  table: ProcessEntry[];
  /** Pids carrying the run's marker (already read from /proc). */
  markerPids: readonly number[];
  /** Our own pid: never a target, and neither are its ancestors. */
  self: number;
}

interface TableIndex {
  self: number;
  byPid: Map<number, ProcessEntry>;
  children: Map<number, number[]>;
  groups: Map<number, number[]>;
  ancestors: Set<number>;
  ownPgid: number | null | undefined;
  live: Set<number>;
}

// Runs that end together share one table snapshot (see listProcesses); its index is built once for all of them,
// so each selection costs the size of its own tree, not of the machine's process table.
const indexes = new WeakMap<ProcessEntry[], TableIndex>();

function indexOf(table: ProcessEntry[], self: number): TableIndex {
  const cached = indexes.get(table);
  if (cached?.self === self) return cached;
  const byPid = new Map(table.map((e) => [e.pid, e]));
  // Our ancestors, up to the first stale link: a younger process that took a dead ancestor's pid is not one.
  const ancestors = new Set<number>();
  for (let pid: number | undefined = self; pid !== undefined && !ancestors.has(pid); ) {
    ancestors.add(pid);
    const entry = byPid.get(pid);
    pid = entry && !isStaleLink(byPid.get(entry.ppid), entry) ? entry.ppid : undefined;
  }
  const children = childrenByParent(table);
  const groups = new Map<number, number[]>();
  const live = new Set<number>();
  for (const e of table) {
    if (!e.zombie && e.pid > 1 && !ancestors.has(e.pid)) {
      live.add(e.pid);
      if (e.pgid !== null) {
        const members = groups.get(e.pgid);
        if (members) members.push(e.pid);
        else groups.set(e.pgid, [e.pid]);
      }
    }
  }
  const index = { self, byPid, children, groups, ancestors, ownPgid: byPid.get(self)?.pgid, live };
  indexes.set(table, index);
  return index;
}

/**
 * Picks a run's live processes from a table snapshot: group members, the root, marker carriers,
 * and all their descendants. Safety rails against a wrong pid from a caller: we, our ancestors
 * (whose descendants include us and our siblings), our own process group, pid 1 and zombies are
 * never selected, and an ancestor given as root is not followed.
 */
export function selectTargets({ root, scope, table, markerPids, self }: TargetInput): Targets {
  const { byPid, children, groups, ancestors, ownPgid, live } = indexOf(table, self);
  const seeds = new Set<number>();
  if (scope.root && !ancestors.has(root)) seeds.add(root);
  let groupAlive = false;
  if (scope.group && root !== ownPgid) {
    for (const pid of groups.get(root) ?? []) {
      seeds.add(pid);
      groupAlive = true;
    }
  }
  for (const pid of markerPids) if (live.has(pid)) seeds.add(pid);
  const all = new Set(seeds);
  const walked = new Set<number>();
  for (const seed of seeds) {
    // Breadth first; `walked` keeps stale-ppid cycles without start times (Windows pid reuse) finite.
    const queue = [seed];
    walked.add(seed);
    for (let i = 0; i < queue.length; i++) {
      for (const child of children.get(queue[i] as number) ?? []) {
        if (walked.has(child)) continue;
        walked.add(child);
        all.add(child);
        queue.push(child);
      }
    }
  }
  const pids = [...all].filter((pid) => live.has(pid));
  const startTimes = new Map<number, string>();
  for (const pid of pids) {
    const startTime = byPid.get(pid)?.startTime;
    if (startTime !== undefined) startTimes.set(pid, startTime);
  }
  return { pids, groupAlive, startTimes };
}
