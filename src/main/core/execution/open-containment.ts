import { cgroupSupport, existingRunCgroup, openRunCgroup, removeEmptyRunCgroups } from './linux-cgroup';
import type { RunContainment } from './run-containment';

/**
 * A container for a new run, or null where none can be had: Linux without a cgroup v2 hierarchy this process
 * may create cgroups in (not root, and no delegated cgroup such as a systemd user service), and, for now,
 * every other platform. Without one, a run's processes are found by process group, parentage and marker only.
 */
export function openRunContainment(runId: string): RunContainment | null {
  return process.platform === 'linux' ? openRunCgroup(runId) : null;
}

/** The container a dead hub's run left behind (crash recovery), if it still exists. */
export function existingRunContainment(runId: string): RunContainment | null {
  return process.platform === 'linux' ? existingRunCgroup(runId) : null;
}

/** Removes the empty containers of runs whose hub was killed before it could (Linux); at a hub's start. */
export function removeEmptyRunContainers(): void {
  if (process.platform === 'linux') removeEmptyRunCgroups();
}

/** Whether runs are contained here, and if not, why (shown by tests, and the reason is the documented limit). */
export function containmentSupport(): { contained: boolean; reason: string } {
  if (process.platform !== 'linux')
    return { contained: false, reason: `no run containment on ${process.platform} yet` };
  return cgroupSupport();
}
