import type { RunIdentity, RunningJobInfo, RunResult } from '../../../shared/run-types';
import { buildRunResult } from '../execution/run-result';

/** What the monitor and the journal know of a run about to start or just started (pid null until it exists). */
export function startingInfo(
  run: RunIdentity,
  pid: number | null,
  logPath: string | null,
  timeoutMinutes: number,
): RunningJobInfo {
  const now = new Date().toISOString();
  return {
    ...run,
    pid,
    startTime: now,
    phase: 'starting',
    statusMessage: '',
    lastStatusUpdate: now,
    lastOutputTime: now,
    progress: null,
    logPath,
    timeoutMs: timeoutMinutes * 60_000,
  };
}

/** The record of a request refused because the job is already running under `concurrency: "skip"`. */
export function skippedResult(run: RunIdentity, running: RunningJobInfo | undefined): RunResult {
  const since = running ? ` (run ${running.runId.slice(0, 8)} started ${running.startTime})` : '';
  return buildRunResult(run, {
    status: 'Skipped',
    message: `skipped: "${run.jobName}" is already running${since}; set "concurrency" to "queue", "parallel" or "replace" to change this`,
    startTime: new Date(),
  });
}
