import { descendantsOf, type ProcessEntry } from './process-table';

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

/**
 * Picks a run's live processes from a table snapshot: group members, the root, marker carriers,
 * and all their descendants. Safety rails against a wrong pid from a caller: we, our ancestors
 * (whose descendants include us and our siblings), our own process group, pid 1 and zombies are
 * never selected, and an ancestor given as root is not followed.
 */
export function selectTargets({ root, scope, table, markerPids, self }: TargetInput): Targets {
  const byPid = new Map(table.map((e) => [e.pid, e]));
  const ancestors = new Set<number>();
  for (let pid: number | undefined = self; pid !== undefined && !ancestors.has(pid); ) {
    ancestors.add(pid);
    pid = byPid.get(pid)?.ppid;
  }
  const ownPgid = byPid.get(self)?.pgid;
  const live = new Set(
    table.filter((e) => !e.zombie && e.pid > 1 && !ancestors.has(e.pid)).map((e) => e.pid),
  );

  const seeds = new Set<number>();
  if (scope.root && !ancestors.has(root)) seeds.add(root);
  let groupAlive = false;
  if (scope.group && root !== ownPgid) {
    for (const entry of table) {
      if (entry.pgid === root && live.has(entry.pid)) {
        seeds.add(entry.pid);
        groupAlive = true;
      }
    }
  }
  for (const pid of markerPids) if (live.has(pid)) seeds.add(pid);
  const all = new Set(seeds);
  for (const seed of seeds) for (const pid of descendantsOf(seed, table)) all.add(pid);
  return { pids: [...all].filter((pid) => live.has(pid)), groupAlive };
}
