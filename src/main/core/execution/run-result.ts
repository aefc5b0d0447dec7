import type { RunIdentity, RunResult, RunTrigger } from '../../../shared/run-types';
import { randomUUID } from '../random';

/** The identity of a run started directly rather than through the orchestrator (the CLI, tests). */
export function newRunIdentity(
  jobName: string,
  fields: { runId?: string; trigger?: RunTrigger; jobFile?: string } = {},
): RunIdentity {
  const runId = fields.runId ?? randomUUID();
  return {
    runId,
    jobName,
    trigger: fields.trigger ?? { kind: 'manual' },
    attempt: 1,
    firstRunId: runId,
    ...(fields.jobFile ? { jobFile: fields.jobFile } : {}),
  };
}

/** How a run ended: everything a result holds beyond its identity. Absent fields mean "none". */
export interface RunEnding
  extends Partial<
    Pick<
      RunResult,
      | 'exitCode'
      | 'signal'
      | 'pid'
      | 'logPath'
      | 'outputTail'
      | 'cpuMs'
      | 'peakMemoryBytes'
      | 'processesStarted'
    >
  > {
  status: RunResult['status'];
  message: string;
  startTime: Date | string;
  /** Default: now. */
  endTime?: Date;
}

/**
 * The one way a RunResult is made, so that every path (a finished process, a skip, a cancelled wait, a run a
 * crashed hub left behind) records the same fields: success follows from the status, the duration from the times.
 */
export function buildRunResult(identity: RunIdentity, ending: RunEnding): RunResult {
  const { status, message, startTime, endTime = new Date(), ...rest } = ending;
  const start = typeof startTime === 'string' ? new Date(startTime) : startTime;
  return {
    ...identity,
    success: status === 'CompletedSuccessfully',
    status,
    exitCode: null,
    signal: null,
    message,
    startTime: start.toISOString(),
    endTime: endTime.toISOString(),
    durationMs: Math.max(0, endTime.getTime() - start.getTime()),
    logPath: null,
    outputTail: '',
    pid: null,
    ...rest,
  };
}
