import { Emitter } from '../../../shared/emitter';
import { jobNameKey, sameJobName } from '../../../shared/job-name';
import type { JobDefinition } from '../../../shared/job-schema';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { ProcessExecutionService } from '../execution/process-execution-service';
import { COMPLETED_RUNS_KEPT, ProcessMonitor } from '../monitor/process-monitor';
import { randomUUID } from '../random';
import { AttemptChain } from './attempt-chain';
import type { ActiveRun, OrchestratorEvent, OrchestratorOptions, RunRequest } from './orchestrator-types';
import { refusedRun } from './run-records';
import { SlotQueue } from './slot-queue';

export type { OrchestratorEvent, OrchestratorOptions, RunRequest } from './orchestrator-types';

/** Runs of one `concurrency: "queue"` job that may wait at once; more are skipped and reported. */
export const MAX_QUEUED_RUNS = 10;

/**
 * Coordinates execution and monitoring: applies the job's concurrency
 * policy atomically (the decision and the reservation happen in one synchronous step, so two simultaneous
 * requests can never both start a `skip` job), waits for a global slot, runs, retries, and records.
 */
export class JobExecutionOrchestrator {
  readonly events = new Emitter<OrchestratorEvent>();
  readonly monitor: ProcessMonitor;
  readonly #attempts: AttemptChain;
  readonly #slots: SlotQueue;
  readonly #active = new Map<string, ActiveRun[]>();

  constructor(private readonly options: OrchestratorOptions = {}) {
    this.monitor = options.monitor ?? new ProcessMonitor();
    this.#slots = new SlotQueue(options.maxConcurrentJobs ?? Number.POSITIVE_INFINITY);
    this.#attempts = new AttemptChain({
      events: this.events,
      monitor: this.monitor,
      executor: options.executor ?? new ProcessExecutionService(),
      slots: this.#slots,
      options,
    });
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
    // Keyed by the name's key: "Inbox" run from a file and "inbox" from the library are one job (job-name.ts).
    const key = jobNameKey(job.name);
    const existing = this.#active.get(key) ?? [];
    const queueFull = job.concurrency === 'queue' && existing.length > MAX_QUEUED_RUNS;
    if ((existing.length > 0 && job.concurrency === 'skip') || queueFull) {
      const running = this.monitor.getAllRunningJobs().find((r) => sameJobName(r.jobName, job.name));
      const result = refusedRun(job.name, trigger, existing, running, queueFull);
      this.events.emit({
        type: 'run-skipped',
        jobName: job.name,
        reason: result.message,
        trigger,
        ...(queueFull ? { queueFull } : {}),
      });
      return { runId: null, queued: false, done: Promise.resolve(result) };
    }
    const controller = new AbortController();
    const runId = randomUUID();
    const unlink = request.signal ? linkAbort(request.signal, controller) : null;

    const before =
      job.concurrency === 'queue' || job.concurrency === 'replace' ? existing.map((r) => r.done) : [];
    if (job.concurrency === 'replace')
      for (const run of existing) run.controller.abort('replaced by a newer run');
    const queued = before.length > 0 || this.#slots.full;

    const active: ActiveRun = {
      runId,
      acceptedAt: new Date().toISOString(),
      controller,
      hurry: { aborted: false },
      retry: null,
      waitingForSlot: false,
      done: Promise.resolve(null as unknown as RunResult),
      job,
      request: { ...request, trigger },
      retryIds: null,
    };
    active.done = this.#attempts.run(active, before).finally(() => {
      unlink?.();
      const list = this.#active.get(key)?.filter((r) => r !== active) ?? [];
      if (list.length > 0) this.#active.set(key, list);
      else this.#active.delete(key);
    });
    this.#active.set(key, [...existing, active]);
    return { runId, queued, done: active.done };
  }

  /**
   * Cancels one run (running, queued or waiting to retry). False if there is no such run. With `hurry`, a stop
   * already in progress skips the rest of its grace period (the tree is still killed and verified).
   */
  cancel(runId: string, reason = 'cancelled by the user', options: { hurry?: boolean } = {}): boolean {
    for (const runs of this.#active.values()) {
      const run = runs.find((r) => r.runId === runId || r.retryIds?.includes(runId));
      if (run) {
        stop(run, reason, options.hurry);
        return true;
      }
    }
    return false;
  }

  /** Cancels every run and waits until all of them have ended and been recorded. */
  async cancelAll(reason = 'the hub is stopping', options: { hurry?: boolean } = {}): Promise<RunResult[]> {
    const runs = [...this.#active.values()].flat();
    for (const run of runs) stop(run, reason, options.hurry);
    return Promise.all(runs.map((r) => r.done));
  }

  /** Run ids (first attempts) of every run in progress, queued or waiting to retry, per job. */
  activeRuns(): { jobName: string; runId: string }[] {
    return [...this.#active.values()].flatMap((runs) =>
      runs.map((r) => ({ jobName: r.job.name, runId: r.runId })),
    );
  }

  /** Jobs with a run in progress, queued, or waiting to retry (names compared as job-name.ts says). */
  isBusy(jobName: string): boolean {
    return (this.#active.get(jobNameKey(jobName))?.length ?? 0) > 0;
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
}

/** Aborts `controller` when `outer` aborts (at once if it has); returns what undoes the link. */
function linkAbort(outer: AbortSignal, controller: AbortController): () => void {
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  if (outer.aborted) controller.abort(outer.reason);
  return () => outer.removeEventListener('abort', onAbort);
}

function stop(run: ActiveRun, reason: string, hurry = false): void {
  if (!run.controller.signal.aborted) run.controller.abort(reason);
  if (hurry) run.hurry.aborted = true;
}
