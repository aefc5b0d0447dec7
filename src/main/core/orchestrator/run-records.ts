import { formatDuration } from '../../../shared/format';
import type { RunIdentity, RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import { buildRunResult } from '../execution/run-result';
import { randomUUID } from '../random';
import type { ActiveRun, PendingRetry } from './orchestrator-types';

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

/** What the job's run in progress is doing, for the words of a skip. */
export interface BusyWith {
  /** Its process, when one runs (or the run, accepted and starting its process). */
  running?: Pick<RunningJobInfo, 'runId' | 'startTime'>;
  /** Its wait for the next attempt, when it failed and will be retried. */
  retry?: PendingRetry | null;
  /** It waits for one of the `maxConcurrentJobs` slots. */
  waitingForSlot?: boolean;
  /** Runs of a `queue` job already waiting behind it (0: the skip is for `concurrency: "skip"`). */
  waiting?: number;
}

/** A run of the job in progress, as far as a refusal needs to know it. */
export type BusyRun = Pick<ActiveRun, 'runId' | 'acceptedAt' | 'retry' | 'waitingForSlot'>;

/**
 * The record of a new request for a job whose runs in progress (`existing`) the concurrency policy does not let it
 * join: `skip` with a run in progress, or a `queue` whose waiting list is full.
 */
export function refusedRun(
  jobName: string,
  trigger: RunTrigger,
  existing: BusyRun[],
  running: RunningJobInfo | undefined,
  queueFull: boolean,
): RunResult {
  const runId = randomUUID();
  const waitingForSlot = existing.length > 0 && existing.every((r) => r.waitingForSlot);
  // Accepted a moment ago and still starting its process: it runs all the same.
  const starting =
    !waitingForSlot && existing[0]
      ? { runId: existing[0].runId, startTime: existing[0].acceptedAt }
      : undefined;
  return skippedResult(
    { runId, jobName, trigger, attempt: 1, firstRunId: existing[0]?.runId ?? runId },
    {
      running: running ?? starting,
      retry: existing.find((r) => r.retry)?.retry ?? null,
      waitingForSlot,
      waiting: queueFull ? existing.length - 1 : 0,
    },
  );
}

/**
 * The record of a request refused because the job is already busy under `concurrency: "skip"` (running, waiting
 * to retry, or waiting for a free slot), or because `waiting` runs of a `queue` job already wait (the job is
 * started more often than it finishes).
 */
export function skippedResult(run: RunIdentity, busy: BusyWith, now = new Date()): RunResult {
  const { running, retry, waitingForSlot, waiting = 0 } = busy;
  const since = running ? ` (run ${running.runId.slice(0, 8)} started ${running.startTime})` : '';
  const change = 'set "concurrency" to "queue", "parallel" or "replace" to change this';
  let message: string;
  if (waiting > 0)
    message = `skipped: ${waiting} runs of "${run.jobName}" are already waiting behind the one in progress${since}; it is started more often than it finishes (make it faster, start it less often, or set "concurrency" to "skip")`;
  else if (retry) {
    const wait = formatDuration(Math.max(0, retry.at.getTime() - now.getTime()));
    message = `skipped: "${run.jobName}" is waiting to retry after a failed run (attempt ${retry.attempt} of ${retry.attempts} starts in ${wait}); ${change}`;
  } else if (waitingForSlot && !running)
    message = `skipped: "${run.jobName}" is already waiting for a free slot (maxConcurrentJobs); ${change}`;
  else message = `skipped: "${run.jobName}" is already running${since}; ${change}`;
  return buildRunResult(run, { status: 'Skipped', message, startTime: now });
}
