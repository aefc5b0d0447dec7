import type { JobSummary } from '../../../src/shared/hub-api';
import type { RunningJobInfo, RunResult } from '../../../src/shared/run-types';

/** 2025-06-11 10:00:00 local time (no daylight-saving change within days of it, anywhere): times are relative to it. */
export const NOW = new Date(2025, 5, 11, 10, 0, 0).getTime();
export const at = (minutes: number): string => new Date(NOW + minutes * 60_000).toISOString();

export function runningJob(overrides: Partial<RunningJobInfo> = {}): RunningJobInfo {
  return {
    runId: 'run-1',
    jobName: 'Backup',
    pid: 1234,
    startTime: at(-4),
    phase: 'running',
    statusMessage: '',
    lastStatusUpdate: at(-1),
    lastOutputTime: at(-1),
    progress: null,
    logPath: 'C:/data/logs/run-1.log',
    trigger: { kind: 'manual' },
    attempt: 1,
    firstRunId: 'run-1',
    timeoutMs: 3_600_000,
    ...overrides,
  };
}

export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  const status = overrides.status ?? 'CompletedSuccessfully';
  return {
    runId: 'run-1',
    jobName: 'Backup',
    success: status === 'CompletedSuccessfully',
    status,
    exitCode: status === 'CompletedSuccessfully' ? 0 : 1,
    signal: null,
    message:
      status === 'CompletedSuccessfully' ? 'completed in 1.2 s (exit code 0)' : 'failed: exited with code 1',
    startTime: at(-2),
    endTime: at(-1),
    durationMs: 1200,
    logPath: 'C:/data/logs/run-1.log',
    outputTail: '',
    pid: 1234,
    trigger: { kind: 'manual' },
    attempt: 1,
    firstRunId: overrides.runId ?? 'run-1',
    ...overrides,
  };
}

export function jobSummary(overrides: Partial<JobSummary> = {}): JobSummary {
  const name = overrides.name === undefined ? 'Backup' : overrides.name;
  return {
    name,
    file: `C:/data/jobs/${name ?? 'broken'}.json`,
    fileName: `${name ?? 'broken'}.json`,
    valid: true,
    problems: [],
    enabled: true,
    description: null,
    command: 'backup.bat',
    triggers: [],
    nextRun: null,
    running: 0,
    waiting: 0,
    timeoutMs: 3_600_000,
    recent: [],
    successRate: null,
    lastResult: null,
    ...overrides,
  };
}
