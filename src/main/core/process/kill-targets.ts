import { markerIndex } from './linux-proc';
import { listProcesses } from './process-table';
import { type RootScope, selectTargets, type Targets } from './select-targets';

/**
 * Collects a run's live processes now (POSIX): a fresh table snapshot, plus on Linux the
 * processes carrying the run's marker in their environment — those that called setsid or were
 * reparented after their parent exited, which neither the group nor parentage can find.
 */
export async function collectTargets(
  root: number,
  scope: RootScope,
  marker: { name: string; value: string } | undefined,
): Promise<Targets> {
  const table = await listProcesses();
  const markerPids =
    marker && process.platform === 'linux' ? (markerIndex(table, marker.name).get(marker.value) ?? []) : [];
  return selectTargets({ root, scope, table, markerPids, self: process.pid });
}
