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

/**
 * The record of a request refused because the job is already running under `concurrency: "skip"`, or because
 * `waiting` runs of a `queue` job already wait (the job is started more often than it finishes).
 */
export function skippedResult(run: RunIdentity, running: RunningJobInfo | undefined, waiting = 0): RunResult {
  const since = running ? ` (run ${running.runId.slice(0, 8)} started ${running.startTime})` : '';
  const message =
    waiting > 0
      ? `skipped: ${waiting} runs of "${run.jobName}" are already waiting behind the one in progress${since}; it is started more often than it finishes (make it faster, start it less often, or set "concurrency" to "skip")`
      : `skipped: "${run.jobName}" is already running${since}; set "concurrency" to "queue", "parallel" or "replace" to change this`;
  return buildRunResult(run, { status: 'Skipped', message, startTime: new Date() });
}
