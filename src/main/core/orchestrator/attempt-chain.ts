import type { Emitter } from '../../../shared/emitter';
import { effectiveTimeoutMinutes } from '../../../shared/job-timing';
import type { RunIdentity, RunResult, RunTrigger } from '../../../shared/run-types';
import { abortReason } from '../execution/abort-reason';
import type { ProcessExecutionService } from '../execution/process-execution-service';
import { buildRunResult } from '../execution/run-result';
import type { ProcessMonitor } from '../monitor/process-monitor';
import { randomUUID } from '../random';
import { abortableSleep } from './abortable-sleep';
import { AttemptOptions } from './attempt-options';
import type { ActiveRun, OrchestratorEvent, OrchestratorOptions } from './orchestrator-types';
import { nextRetryDelayMs, shouldRetry } from './retry-policy';
import type { SlotQueue } from './slot-queue';

/**
 * Runs started by the clock wait this long for a slot even when one is free, so that runs due together are
 * started by priority (a schedule armed a millisecond earlier must not win). Runs started by hand never wait.
 */
const TOGETHER_MS = 25;
const CLOCK_TRIGGERS: ReadonlySet<RunTrigger['kind']> = new Set(['schedule', 'interval', 'missed']);

/** What the attempts of every run share: the orchestrator's events, monitor, executor, slots and settings. */
export interface AttemptChainParts {
  events: Emitter<OrchestratorEvent>;
  monitor: ProcessMonitor;
  executor: ProcessExecutionService;
  slots: SlotQueue;
  options: OrchestratorOptions;
}

/**
 * The attempts of an accepted run: waits for a global slot, executes, records, and retries as the job's policy
 * says. The attempts are chained on each other's promises, not awaited in a loop: an async function waiting for
 * the run would keep its frame (every register it used) for as long as the job runs, per running job.
 */
export class AttemptChain {
  constructor(private readonly parts: AttemptChainParts) {}

  /** Waits for the runs it queues behind (`queue`, `replace`), then makes its first attempt. */
  run(active: ActiveRun, before: Promise<RunResult>[]): Promise<RunResult> {
    const run: RunIdentity = {
      runId: active.runId,
      jobName: active.job.name,
      trigger: active.request.trigger,
      attempt: 1,
      firstRunId: active.runId,
      ...(active.request.jobFile ? { jobFile: active.request.jobFile } : {}),
    };
    // Always a turn later, even with nothing to wait for: the caller registers the run first, so that nothing the
    // attempt does (a run-finished for a cancelled request, a run-queued) is heard before the run is known.
    return Promise.all(before).then(() => this.#attempt(active, run));
  }

  /** After an attempt that ran: the next one when the job's policy asks for a retry, else its result. */
  async #afterAttempt(active: ActiveRun, run: RunIdentity, result: RunResult): Promise<RunResult> {
    const { job } = active;
    if (!shouldRetry(job.retry, result, run.attempt) || active.controller.signal.aborted) return result;
    const delayMs = nextRetryDelayMs(job.retry, run.attempt);
    const next = { attempt: run.attempt + 1, attempts: (job.retry?.attempts ?? 0) + 1 };
    this.parts.events.emit({
      type: 'run-retrying',
      jobName: job.name,
      firstRunId: active.runId,
      ...next,
      delayMs,
      previous: result,
    });
    // While it waits, a skipped request says "waiting to retry", not "already running".
    active.retry = { ...next, at: new Date(Date.now() + delayMs) };
    const waited = await abortableSleep(delayMs, active.controller.signal);
    active.retry = null;
    if (!waited) return result;
    const retry: RunIdentity = {
      ...run,
      runId: randomUUID(),
      attempt: next.attempt,
      trigger: { kind: 'retry', detail: active.runId },
    };
    // Cancelling any attempt's id reaches the whole chain.
    active.retryIds = [...(active.retryIds ?? []), retry.runId];
    return this.#attempt(active, retry);
  }

  /**
   * Takes a slot (the common case: at once) and executes; a clock's run, or one when none is free, waits. Resolves
   * with the result of the run's last attempt.
   */
  #attempt(active: ActiveRun, run: RunIdentity): Promise<RunResult> {
    const holdMs = CLOCK_TRIGGERS.has(run.trigger.kind) ? TOGETHER_MS : 0;
    const release = holdMs > 0 ? null : this.parts.slots.tryAcquire();
    return release ? this.#execute(active, run, release) : this.#waitForSlot(active, run, holdMs);
  }

  async #waitForSlot(active: ActiveRun, run: RunIdentity, holdMs: number): Promise<RunResult> {
    const signal = active.controller.signal;
    if (this.parts.slots.full) {
      this.parts.events.emit({
        type: 'run-queued',
        jobName: active.job.name,
        runId: run.runId,
        position: this.parts.slots.waiting + 1,
        trigger: run.trigger,
      });
    }
    active.waitingForSlot = true;
    let release: () => void;
    try {
      release = await this.parts.slots.acquire(active.job.priority, signal, holdMs);
    } catch {
      return this.#notStarted(active, run, `cancelled while waiting for a free slot (${reasonOf(signal)})`);
    } finally {
      active.waitingForSlot = false;
    }
    return this.#execute(active, run, release);
  }

  /** Executes the attempt in the slot it holds, records its result, gives the slot back, then retries or ends. */
  #execute(active: ActiveRun, run: RunIdentity, release: () => void): Promise<RunResult> {
    const signal = active.controller.signal;
    if (signal.aborted) {
      try {
        return Promise.resolve(
          this.#notStarted(active, run, `cancelled before it started (${reasonOf(signal)})`),
        );
      } finally {
        release();
      }
    }
    let finished: Promise<RunResult>;
    try {
      finished = this.#start(active, run);
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    return finished.then(
      (result) => {
        try {
          this.parts.monitor.completeJob(result);
        } finally {
          release();
        }
        return this.#afterAttempt(active, run, result);
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  }

  #start(active: ActiveRun, run: RunIdentity): Promise<RunResult> {
    const { job, request } = active;
    const timeoutMinutes =
      request.timeoutMinutes ??
      effectiveTimeoutMinutes(job.process.timeoutMinutes, this.parts.options.defaultTimeoutMinutes);
    const options = new AttemptOptions({
      monitor: this.parts.monitor,
      options: this.parts.options,
      job,
      request,
      run,
      active,
      timeoutMinutes,
    });
    return this.parts.executor.execute(run, job.process, options);
  }

  #notStarted(active: ActiveRun, run: RunIdentity, message: string): RunResult {
    const result = buildRunResult(run, {
      status: 'Cancelled',
      message,
      startTime: new Date(active.acceptedAt),
    });
    this.parts.monitor.completeJob(result);
    return result;
  }
}

function reasonOf(signal: AbortSignal): string {
  return abortReason(signal) ?? 'cancelled';
}
