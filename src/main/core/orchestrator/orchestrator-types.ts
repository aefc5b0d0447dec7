import type { JobDefinition } from '../../../shared/job-schema';
import type { RunEvent, RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import type { ProcessExecutionService } from '../execution/process-execution-service';
import type { ProcessMonitor } from '../monitor/process-monitor';

export interface OrchestratorOptions {
  executor?: ProcessExecutionService;
  monitor?: ProcessMonitor;
  /** Where run logs go; null keeps only output tails. */
  logDir?: string | null;
  defaultTimeoutMinutes?: number;
  /** Global stuck threshold for jobs without `stuckAfterMinutes`; 0 or absent disables it. */
  stuckAfterMinutes?: number;
  /** At most this many runs execute at once; more wait by priority. Default: no limit. */
  maxConcurrentJobs?: number;
  killGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Called right before a run's process is started (the hub journals it, pid unknown yet). */
  onBeforeSpawn?: (run: RunningJobInfo) => void;
  /** Called as soon as a run's process exists (the hub journals it for crash recovery). */
  onSpawned?: (run: RunningJobInfo) => void;
  /** Called when a run's process start time is known (it tells the process from a later one with its pid). */
  onIdentified?: (runId: string, pidStartTime: string | null) => void;
  /** Every chunk of every run's output (the hub relays it to live log views). */
  onOutput?: (runId: string, chunk: Buffer) => void;
}

export interface RunRequest {
  signal?: AbortSignal;
  trigger?: RunTrigger;
  /** Relative paths in the job resolve here. */
  baseDir?: string;
  extraEnv?: Record<string, string>;
  jobFile?: string;
  /** This run's log folder instead of the orchestrator's. */
  logDir?: string;
  /** This run's own timeout instead of the job's (`automation-hub run --timeout`); messages say so. */
  timeoutMinutes?: number;
  /** Every chunk of the run's output as it arrives (the CLI streams it; the window shows it live). */
  onOutput?: (chunk: Buffer) => void;
}

/** What the orchestrator itself says about runs: skipped, waiting or retrying. (The monitor tells the rest.) */
export type OrchestratorEvent = Extract<RunEvent, { type: 'run-skipped' | 'run-queued' | 'run-retrying' }>;

/** A run between attempts: the one that failed is over, the next starts at `at`. */
export interface PendingRetry {
  attempt: number;
  attempts: number;
  at: Date;
}

/** A run the orchestrator has accepted, until its last attempt ends: its controls and what it is doing. */
export interface ActiveRun {
  runId: string;
  /** When it was accepted (ISO): a refusal names it while its process is still starting. */
  acceptedAt: string;
  controller: AbortController;
  /** Set to cut a stop's grace period short. */
  hurry: { aborted: boolean };
  /** Set while the run waits between a failed attempt and its retry. */
  retry: PendingRetry | null;
  /** True while the run waits for a free slot. */
  waitingForSlot: boolean;
  done: Promise<RunResult>;
  /** What it runs (its name: `job.name`), and how it was asked for (the trigger settled). */
  job: JobDefinition;
  request: RunRequest & { trigger: RunTrigger };
  /** Run ids of its retries, so that cancelling any attempt's id reaches the whole chain; null before one. */
  retryIds: string[] | null;
}
