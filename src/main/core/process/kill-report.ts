// Its own module, so that kill-tree and its Windows branch (kill-tree-windows) share it without importing
// each other.
/** What a tree kill did, so callers can tell the user about anything left behind. */
export interface KillReport {
  /** Every process found and signalled, sorted. */
  pids: number[];
  /** SIGKILL was needed: something outlived the grace period. */
  forced: boolean;
  /** Still alive at the end; empty unless something is unkillable by us (EPERM, D state). */
  survivors: number[];
}
