import type { JobDefinition } from '../../../shared/job-schema';
import type { RunIdentity } from '../../../shared/run-types';
import type { ExecuteOptions } from '../execution/execute-options';
import type { StatusLine } from '../execution/status-protocol';
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
 * The hooks are methods, not closures made per attempt: a running job holds its options for as long as it runs.
 */
export class AttemptOptions implements ExecuteOptions {
  readonly signal: AbortSignal;
  readonly hurry: HurryFlag;
  readonly logDir: string | null;
  declare readonly baseDir?: string;
  declare readonly extraEnv?: Record<string, string>;
  declare readonly runTimeoutMinutes?: number;
  declare readonly defaultTimeoutMinutes?: number;
  declare readonly killGraceMs?: number;
  declare readonly env?: NodeJS.ProcessEnv;
  readonly #monitor: ProcessMonitor;
  readonly #options: OrchestratorOptions;
  readonly #job: JobDefinition;
  readonly #request: RunRequest;
  readonly #run: RunIdentity;
  readonly #timeoutMinutes: number;

  constructor({ monitor, options, job, request, run, active, timeoutMinutes }: AttemptContext) {
    this.signal = active.controller.signal;
    this.hurry = active.hurry;
    this.logDir = request.logDir ?? options.logDir ?? null;
    // Only what is set, as an options object written by hand would have it.
    Object.assign(this, {
      ...(request.baseDir ? { baseDir: request.baseDir } : {}),
      ...(request.extraEnv ? { extraEnv: request.extraEnv } : {}),
      ...(request.timeoutMinutes !== undefined ? { runTimeoutMinutes: request.timeoutMinutes } : {}),
      ...(options.defaultTimeoutMinutes ? { defaultTimeoutMinutes: options.defaultTimeoutMinutes } : {}),
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    this.#monitor = monitor;
    this.#options = options;
    this.#job = job;
    this.#request = request;
    this.#run = run;
    this.#timeoutMinutes = timeoutMinutes;
  }

  onBeforeSpawn({ logPath }: { logPath: string | null }): void {
    this.#options.onBeforeSpawn?.(startingInfo(this.#run, null, logPath, this.#timeoutMinutes));
  }

  onSpawn({ pid, logPath }: { pid: number; logPath: string | null }): void {
    const info = startingInfo(this.#run, pid, logPath, this.#timeoutMinutes);
    const stuckMinutes = this.#job.stuckAfterMinutes ?? this.#options.stuckAfterMinutes;
    this.#monitor.registerRunningJob(info, {
      ...(stuckMinutes ? { stuckAfterMs: stuckMinutes * 60_000 } : {}),
      ...(this.#job.silentAfterMinutes ? { silentAfterMs: this.#job.silentAfterMinutes * 60_000 } : {}),
    });
    this.#options.onSpawned?.(info);
  }

  onStartupPassed(): void {
    this.#monitor.markStartupPassed(this.#run.runId);
  }

  onStatus(status: StatusLine): void {
    if (status.kind === 'status') this.#monitor.updateJobStatus(this.#run.runId, status.message);
    else
      this.#monitor.updateJobStatus(this.#run.runId, status.message ?? `${status.percent}%`, status.percent);
  }

  onIdentified({ pidStartTime }: { pidStartTime: string | null }): void {
    this.#options.onIdentified?.(this.#run.runId, pidStartTime);
  }

  onOutput(chunk: Buffer): void {
    this.#monitor.noteOutput(this.#run.runId);
    this.#options.onOutput?.(this.#run.runId, chunk);
    this.#request.onOutput?.(chunk);
  }
}
