import { randomUUID } from 'node:crypto';
import type { JobDefinition } from '../../../shared/job-schema';
import type { RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import { ProcessExecutionService } from '../execution/process-execution-service';
import { COMPLETED_RUNS_KEPT, ProcessMonitor } from '../monitor/process-monitor';
import { nextRetryDelayMs, shouldRetry } from './retry-policy';
import { SlotQueue } from './slot-queue';

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
  /** Every chunk of the run's output as it arrives (the CLI streams it; the window shows it live). */
  onOutput?: (chunk: Buffer) => void;
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<RunResult>;
}

/**
 * Coordinates execution and monitoring: applies the job's concurrency
 * policy atomically (the decision and the reservation happen in one synchronous step, so two simultaneous
 * requests can never both start a `skip` job), waits for a global slot, runs, retries, and records.
 */
export class JobExecutionOrchestrator {
  readonly monitor: ProcessMonitor;
  readonly #executor: ProcessExecutionService;
  readonly #slots: SlotQueue;
  readonly #active = new Map<string, ActiveRun[]>();

  constructor(private readonly options: OrchestratorOptions = {}) {
    this.monitor = options.monitor ?? new ProcessMonitor();
    this.#executor = options.executor ?? new ProcessExecutionService();
    this.#slots = new SlotQueue(options.maxConcurrentJobs ?? Number.POSITIVE_INFINITY);
  }

  /** Changes settings that apply to runs started from now on. */
  configure(
    changes: Pick<
      OrchestratorOptions,
      'defaultTimeoutMinutes' | 'stuckAfterMinutes' | 'maxConcurrentJobs' | 'logDir'
    >,
  ): void {
    Object.assign(this.options, changes);
    if (changes.maxConcurrentJobs !== undefined) this.#slots.setLimit(changes.maxConcurrentJobs);
  }

  /** Runs a job under its policies. Never throws; resolves with the last attempt's result. */
  executeJob(job: JobDefinition, request: RunRequest = {}): Promise<RunResult> {
    return this.startJob(job, request).done;
  }

  /**
   * Like executeJob, but answers at once whether the run was accepted and under which run id (the first
   * attempt's), so a caller like the tray's "Run now" need not wait for the job to end.
   */
  startJob(
    job: JobDefinition,
    request: RunRequest = {},
  ): { runId: string | null; queued: boolean; done: Promise<RunResult> } {
    const trigger = request.trigger ?? { kind: 'manual' };
    const existing = this.#active.get(job.name) ?? [];
    if (existing.length > 0 && job.concurrency === 'skip') {
      const result = this.#skipped(job, trigger, existing);
      this.monitor.events.emit({ type: 'run-skipped', jobName: job.name, reason: result.message, trigger });
      return { runId: null, queued: false, done: Promise.resolve(result) };
    }
    const controller = new AbortController();
    const runId = randomUUID();
    const onOuterAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (request.signal?.aborted) controller.abort(request.signal.reason);

    const before =
      job.concurrency === 'queue' || job.concurrency === 'replace' ? existing.map((r) => r.done) : [];
    if (job.concurrency === 'replace')
      for (const run of existing) run.controller.abort('replaced by a newer run');
    const queued = before.length > 0 || this.#slots.full;

    const active: ActiveRun = { runId, controller, done: Promise.resolve(null as unknown as RunResult) };
    active.done = this.#run(job, { ...request, trigger }, runId, controller.signal, before).finally(() => {
      request.signal?.removeEventListener('abort', onOuterAbort);
      const list = this.#active.get(job.name)?.filter((r) => r !== active) ?? [];
      if (list.length > 0) this.#active.set(job.name, list);
      else this.#active.delete(job.name);
    });
    this.#active.set(job.name, [...existing, active]);
    return { runId, queued, done: active.done };
  }

  /** Cancels one run (running, queued or waiting to retry). False if there is no such run. */
  cancel(runId: string, reason = 'cancelled by the user'): boolean {
    for (const runs of this.#active.values()) {
      const run = runs.find((r) => r.runId === runId || this.#attemptIds.get(r.runId)?.has(runId));
      if (run) {
        run.controller.abort(reason);
        return true;
      }
    }
    return false;
  }

  /** Cancels every run and waits until all of them have ended and been recorded. */
  async cancelAll(reason = 'the hub is stopping'): Promise<RunResult[]> {
    const runs = [...this.#active.values()].flat();
    for (const run of runs) run.controller.abort(reason);
    return Promise.all(runs.map((r) => r.done));
  }

  /** Jobs with a run in progress, queued, or waiting to retry. */
  isBusy(jobName: string): boolean {
    return (this.#active.get(jobName)?.length ?? 0) > 0;
  }

  get activeCount(): number {
    let count = 0;
    for (const runs of this.#active.values()) count += runs.length;
    return count;
  }

  /** Runs longer than `thresholdMs` (default: the global stuck threshold, else 2 h). */
  checkForStuckJobs(thresholdMs?: number): RunningJobInfo[] {
    const fallback = (this.options.stuckAfterMinutes || 120) * 60_000;
    return this.monitor.getPotentiallyStuckJobs(thresholdMs ?? fallback);
  }

  /** The last finished runs, newest first (the monitor's list, here for convenience). */
  getCompletedJobs(maxCount = COMPLETED_RUNS_KEPT): RunResult[] {
    return this.monitor.getCompletedJobs(maxCount);
  }

  /** Run ids of retries, per first run id, so cancelling any attempt's id reaches the whole chain. */
  readonly #attemptIds = new Map<string, Set<string>>();

  async #run(
    job: JobDefinition,
    request: RunRequest & { trigger: RunTrigger },
    firstRunId: string,
    signal: AbortSignal,
    before: Promise<RunResult>[],
  ): Promise<RunResult> {
    const queuedAt = new Date();
    await Promise.all(before);
    let attempt = 1;
    let runId = firstRunId;
    this.#attemptIds.set(firstRunId, new Set([firstRunId]));
    try {
      for (;;) {
        const trigger: RunTrigger = attempt === 1 ? request.trigger : { kind: 'retry', detail: firstRunId };
        const result = await this.#attempt(job, request, {
          runId,
          firstRunId,
          attempt,
          trigger,
          signal,
          queuedAt,
        });
        if (!shouldRetry(job.retry, result, attempt) || signal.aborted) return result;
        const waitMs = nextRetryDelayMs(job.retry, attempt);
        if (!(await sleep(waitMs, signal))) return result;
        attempt++;
        runId = randomUUID();
        this.#attemptIds.get(firstRunId)?.add(runId);
      }
    } finally {
      this.#attemptIds.delete(firstRunId);
    }
  }

  async #attempt(
    job: JobDefinition,
    request: RunRequest,
    run: {
      runId: string;
      firstRunId: string;
      attempt: number;
      trigger: RunTrigger;
      signal: AbortSignal;
      queuedAt: Date;
    },
  ): Promise<RunResult> {
    let release = this.#slots.tryAcquire();
    if (!release) {
      this.monitor.events.emit({
        type: 'run-queued',
        jobName: job.name,
        runId: run.runId,
        position: this.#slots.waiting + 1,
        trigger: run.trigger,
      });
      try {
        release = await this.#slots.acquire(job.priority, run.signal);
      } catch {
        const result = notStarted(
          job,
          run,
          'Cancelled',
          `cancelled while waiting for a free slot (${reasonOf(run.signal)})`,
        );
        this.monitor.completeJob(result);
        return result;
      }
    }
    try {
      if (run.signal.aborted) {
        const result = notStarted(
          job,
          run,
          'Cancelled',
          `cancelled before it started (${reasonOf(run.signal)})`,
        );
        this.monitor.completeJob(result);
        return result;
      }
      // What the monitor and the journal know of the run; the pid is null until the process exists.
      const runningInfo = (pid: number | null, logPath: string | null): RunningJobInfo => {
        const now = new Date().toISOString();
        return {
          runId: run.runId,
          jobName: job.name,
          pid,
          startTime: now,
          phase: 'starting',
          statusMessage: '',
          lastStatusUpdate: now,
          lastOutputTime: now,
          progress: null,
          logPath,
          trigger: run.trigger,
          attempt: run.attempt,
          firstRunId: run.firstRunId,
          timeoutMs: (job.process.timeoutMinutes || this.options.defaultTimeoutMinutes || 60) * 60_000,
          ...(request.jobFile ? { jobFile: request.jobFile } : {}),
        };
      };
      const result = await this.#executor.execute(job.name, job.process, {
        signal: run.signal,
        runId: run.runId,
        trigger: run.trigger,
        attempt: run.attempt,
        firstRunId: run.firstRunId,
        ...(request.jobFile ? { jobFile: request.jobFile } : {}),
        ...(request.baseDir ? { baseDir: request.baseDir } : {}),
        ...(request.extraEnv ? { extraEnv: request.extraEnv } : {}),
        logDir: this.options.logDir ?? null,
        ...(this.options.defaultTimeoutMinutes
          ? { defaultTimeoutMinutes: this.options.defaultTimeoutMinutes }
          : {}),
        ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
        ...(this.options.env ? { env: this.options.env } : {}),
        onBeforeSpawn: ({ logPath }) => this.options.onBeforeSpawn?.(runningInfo(null, logPath)),
        onSpawn: ({ pid, logPath }) => {
          const info = runningInfo(pid, logPath);
          const stuckMinutes = job.stuckAfterMinutes ?? this.options.stuckAfterMinutes;
          this.monitor.registerRunningJob(info, {
            ...(stuckMinutes ? { stuckAfterMs: stuckMinutes * 60_000 } : {}),
            ...(job.silentAfterMinutes ? { silentAfterMs: job.silentAfterMinutes * 60_000 } : {}),
          });
          this.options.onSpawned?.(info);
        },
        onStartupPassed: () => this.monitor.markStartupPassed(run.runId),
        onStatus: (status) =>
          status.kind === 'status'
            ? this.monitor.updateJobStatus(run.runId, status.message)
            : this.monitor.updateJobStatus(run.runId, status.message ?? `${status.percent}%`, status.percent),
        onIdentified: ({ pidStartTime }) => this.options.onIdentified?.(run.runId, pidStartTime),
        onOutput: (chunk) => {
          this.monitor.noteOutput(run.runId);
          this.options.onOutput?.(run.runId, chunk);
          request.onOutput?.(chunk);
        },
      });
      this.monitor.completeJob(result);
      return result;
    } finally {
      release();
    }
  }

  #skipped(job: JobDefinition, trigger: RunTrigger, existing: ActiveRun[]): RunResult {
    const now = new Date().toISOString();
    const running = this.monitor.getAllRunningJobs().find((r) => r.jobName === job.name);
    const since = running ? ` (run ${running.runId.slice(0, 8)} started ${running.startTime})` : '';
    const runId = randomUUID();
    return {
      runId,
      jobName: job.name,
      success: false,
      status: 'Skipped',
      exitCode: null,
      signal: null,
      message: `skipped: "${job.name}" is already running${since}; set "concurrency" to "queue", "parallel" or "replace" to change this`,
      startTime: now,
      endTime: now,
      durationMs: 0,
      logPath: null,
      outputTail: '',
      pid: null,
      trigger,
      attempt: 1,
      firstRunId: existing[0]?.runId ?? runId,
    };
  }
}

function notStarted(
  job: JobDefinition,
  run: { runId: string; firstRunId: string; attempt: number; trigger: RunTrigger; queuedAt: Date },
  status: 'Cancelled',
  message: string,
): RunResult {
  const end = new Date();
  return {
    runId: run.runId,
    jobName: job.name,
    success: false,
    status,
    exitCode: null,
    signal: null,
    message,
    startTime: run.queuedAt.toISOString(),
    endTime: end.toISOString(),
    durationMs: end.getTime() - run.queuedAt.getTime(),
    logPath: null,
    outputTail: '',
    pid: null,
    trigger: run.trigger,
    attempt: run.attempt,
    firstRunId: run.firstRunId,
  };
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'cancelled';
}

/** Waits `ms`; false when the signal aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
