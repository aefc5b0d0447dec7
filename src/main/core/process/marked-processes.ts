import { markerIndex } from './linux-proc';
import { listProcesses } from './process-table';

/**
 * Live processes carrying a run's marker (Linux; [] elsewhere). Crash recovery uses it for a run the dead hub
 * journaled but whose process id it never learned: the process may exist, and only the marker can find it.
 */
export async function processesWithMarker(marker: { name: string; value: string }): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const table = await listProcesses();
  return markerIndex(table, marker.name).get(marker.value) ?? [];
}
