import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { identityOf } from '../../../shared/run-types';
import { buildRunResult } from '../execution/run-result';
import type { RunRecorder } from './run-recorder';

/**
 * Records the runs in progress as cancelled when the user's session ends (sign-out, shutdown), synchronously:
 * the host process ends as soon as it returns (Electron leaves right after `session-end`), so an awaited
 * cancellation would never be written. Windows ends the session's processes itself and refuses to start new
 * ones by then (no taskkill); on POSIX each run's process group gets SIGKILL here. Runs still queued or
 * waiting to retry never started: there is nothing to record for them.
 */
export function recordSessionEnd(
  running: readonly RunningJobInfo[],
  recorder: Pick<RunRecorder, 'finished'>,
  message: string,
  platform: NodeJS.Platform = process.platform,
): RunResult[] {
  const results: RunResult[] = [];
  for (const run of running) {
    if (platform !== 'win32' && run.pid !== null) {
      try {
        process.kill(-run.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    const result = buildRunResult(identityOf(run), {
      status: 'Cancelled',
      message: `cancelled: ${message}`,
      startTime: run.startTime,
      pid: run.pid,
      logPath: run.logPath,
    });
    recorder.finished(result, { final: true });
    results.push(result);
  }
  return results;
}
