import type { ProcessEntry } from './process-entry';

/**
 * Whether `child`'s parent id names some other, younger process. Windows never updates ParentProcessId when
 * the parent exits, so after pid reuse it can name an unrelated process started later: a link to a parent
 * that started after its child is stale. Start times are compared only when both are known tick counts
 * (decimal strings, as the process table gives them); otherwise the link is trusted.
 */
export function isStaleLink(parent: ProcessEntry | undefined, child: ProcessEntry): boolean {
  return startedAfter(parent?.startTime, child.startTime);
}

/** Children by parent pid, leaving out self-parents (Windows' idle process) and stale links. */
export function childrenByParent(table: readonly ProcessEntry[]): Map<number, number[]> {
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  const children = new Map<number, number[]>();
  for (const entry of table) {
    if (entry.pid === entry.ppid || isStaleLink(byPid.get(entry.ppid), entry)) continue;
    const list = children.get(entry.ppid);
    if (list) list.push(entry.pid);
    else children.set(entry.ppid, [entry.pid]);
  }
  return children;
}

const TICKS = /^\d+$/;

function startedAfter(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || !TICKS.test(a) || !TICKS.test(b)) return false;
  return BigInt(a) > BigInt(b);
}
