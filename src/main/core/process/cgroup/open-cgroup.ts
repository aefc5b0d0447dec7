import { warmedUp } from './hub-moves';
import {
  cgroupSupport,
  existingRunCgroup,
  openRunCgroup,
  removeEmptyRunCgroups,
  warmRunCgroups,
} from './linux-cgroup';
import type { RunCgroup } from './run-cgroup';

/**
 * A cgroup for a new run, or null where none can be had: Linux without a cgroup v2 hierarchy this process may
 * create cgroups in (not root, and no delegated cgroup such as a systemd user service), and every other platform
 * (Windows has its Job Objects). Without one, a run's processes are found by process group, parentage and marker.
 */
export function newRunCgroup(runId: string): RunCgroup | null {
  return process.platform === 'linux' ? openRunCgroup(runId) : null;
}

/** The cgroup a dead hub's run left behind (crash recovery), if it still exists. */
export function leftRunCgroup(runId: string): RunCgroup | null {
  return process.platform === 'linux' ? existingRunCgroup(runId) : null;
}

/**
 * Readies the kernel for this hub's first step into a run's cgroup (Linux, where runs get one): a hub calls it as
 * it opens, so that the wait a first move can have falls while it does its own start (hub-moves.ts).
 */
export function warmRunContainers(): boolean {
  return process.platform === 'linux' && warmRunCgroups();
}

/** Resolves once a warm-up is over: a run's cgroup is made after it, not on an event loop waiting behind it. */
export function runContainersWarmed(): Promise<void> {
  return warmedUp();
}

/** Removes the empty cgroups of runs whose hub was killed before it could (Linux); at a hub's start. */
export function removeEmptyRunContainers(): void {
  if (process.platform === 'linux') removeEmptyRunCgroups();
}

/** Whether runs get a cgroup here, and if not, why (shown by tests; the reason is the documented limit). */
export function cgroupContainmentSupport(): { contained: boolean; reason: string } {
  if (process.platform !== 'linux')
    return { contained: false, reason: `no cgroups on ${process.platform} (Windows uses Job Objects)` };
  return cgroupSupport();
}
