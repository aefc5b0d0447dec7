import { formatBytes, formatDuration } from './format';
import type { RunResult } from './run-types';

/**
 * What a run's processes used, as the window and `automation-hub history` show it: `CPU 1.2 s · peak 45.0 MB ·
 * 3 processes`. Known where the run was contained in a Windows Job Object; null otherwise.
 */
export function accountingText(
  run: Pick<RunResult, 'cpuMs' | 'peakMemoryBytes' | 'processesStarted'>,
): string | null {
  const parts = [
    run.cpuMs !== undefined ? `CPU ${formatDuration(run.cpuMs)}` : null,
    run.peakMemoryBytes !== undefined ? `peak ${formatBytes(run.peakMemoryBytes)}` : null,
    run.processesStarted !== undefined
      ? `${run.processesStarted} process${run.processesStarted === 1 ? '' : 'es'}`
      : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' · ') : null;
}
