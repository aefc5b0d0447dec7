import type { JobDefinition } from '../../../shared/job-schema';
import type { RunIdentity } from '../../../shared/run-types';
import type { ExecuteOptions } from '../execution/execute-options';
import type { ProcessMonitor } from '../monitor/process-monitor';
import type { HurryFlag } from '../process/kill-tree';
import type { OrchestratorOptions, RunRequest } from './orchestrator-types';
import { startingInfo } from './run-records';

/** One attempt as the orchestrator starts it: its controls and the run, and what happens as it goes. */
export interface AttemptContext {
  monitor: ProcessMonitor;
  options: OrchestratorOptions;
  job: JobDefinition;
  request: RunRequest;
  run: RunIdentity;
  active: { controller: AbortController; hurry: HurryFlag };
  timeoutMinutes: number;
}

/**
 * How one attempt is executed: the orchestrator's settings and the request's extras, and the hooks that keep the
 * monitor (status, output, stuck thresholds) and the hub (journal, live output) up to date as the run goes.
 */
export function attemptOptions(context: AttemptContext): ExecuteOptions {
  const { monitor, options, job, request, run, active, timeoutMinutes } = context;
  return {
    signal: active.controller.signal,
    hurry: active.hurry,
    ...(request.baseDir ? { baseDir: request.baseDir } : {}),
    ...(request.extraEnv ? { extraEnv: request.extraEnv } : {}),
    logDir: request.logDir ?? options.logDir ?? null,
    ...(request.timeoutMinutes !== undefined ? { runTimeoutMinutes: request.timeoutMinutes } : {}),
    ...(options.defaultTimeoutMinutes ? { defaultTimeoutMinutes: options.defaultTimeoutMinutes } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    onBeforeSpawn: ({ logPath }) => options.onBeforeSpawn?.(startingInfo(run, null, logPath, timeoutMinutes)),
    onSpawn: ({ pid, logPath }) => {
      const info = startingInfo(run, pid, logPath, timeoutMinutes);
      const stuckMinutes = job.stuckAfterMinutes ?? options.stuckAfterMinutes;
      monitor.registerRunningJob(info, {
        ...(stuckMinutes ? { stuckAfterMs: stuckMinutes * 60_000 } : {}),
        ...(job.silentAfterMinutes ? { silentAfterMs: job.silentAfterMinutes * 60_000 } : {}),
      });
      options.onSpawned?.(info);
    },
    onStartupPassed: () => monitor.markStartupPassed(run.runId),
    onStatus: (status) =>
      status.kind === 'status'
        ? monitor.updateJobStatus(run.runId, status.message)
        : monitor.updateJobStatus(run.runId, status.message ?? `${status.percent}%`, status.percent),
    onIdentified: ({ pidStartTime }) => options.onIdentified?.(run.runId, pidStartTime),
    onOutput: (chunk) => {
      monitor.noteOutput(run.runId);
      options.onOutput?.(run.runId, chunk);
      request.onOutput?.(chunk);
    },
  };
}
