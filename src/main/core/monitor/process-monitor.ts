import { Emitter } from '../../../shared/emitter';
import { sameJobName } from '../../../shared/job-name';
import type { RunEvent, RunningJobInfo, RunResult, StuckReason } from '../../../shared/run-types';
import { type AwakeClock, awakeClock, type Cancel } from '../clock/awake-clock';

/** The last 100 completed runs stay in memory; persistent history lives in the hub's store. */
export const COMPLETED_RUNS_KEPT = 100;

export interface StuckThresholds {
  /** Running longer than this is suspicious. */
  stuckAfterMs?: number;
  /** No output and no status line for this long is suspicious. */
  silentAfterMs?: number;
}

interface Tracked {
  info: RunningJobInfo;
  /** Wall-clock time of the last output or status line, for `lastOutputTime`. */
  lastActivityMs: number;
  /** The same moment on the awake clock, for silence checks. */
  lastActivityAwake: number;
  timers: Cancel[];
  stuckRaised: boolean;
}

/**
 * Tracks running and completed runs and raises typed events for the tray,
 * the window and the daemon. Keyed by run id, since a job with `concurrency: parallel` can run twice.
 * Stuck detection uses one timer per threshold per run, never polling: an idle hub does no work. Thresholds count
 * awake time (see awake-clock.ts): a night asleep does not make every running job "stuck" on wake.
 */
export class ProcessMonitor {
  readonly events = new Emitter<RunEvent>();
  readonly #running = new Map<string, Tracked>();
  readonly #completed: RunResult[] = [];

  constructor(private readonly clock: AwakeClock = awakeClock) {}

  /** Starts tracking a run whose process exists. */
  registerRunningJob(info: RunningJobInfo, thresholds: StuckThresholds = {}): void {
    const tracked: Tracked = {
      info: { ...info },
      lastActivityMs: Date.now(),
      lastActivityAwake: this.clock.now(),
      timers: [],
      stuckRaised: false,
    };
    this.#running.set(info.runId, tracked);
    if (thresholds.stuckAfterMs && thresholds.stuckAfterMs > 0) {
      const ms = thresholds.stuckAfterMs;
      tracked.timers.push(this.clock.after(ms, () => this.#raiseStuck(tracked, 'running-too-long', ms)));
    }
    if (thresholds.silentAfterMs && thresholds.silentAfterMs > 0)
      this.#watchSilence(tracked, thresholds.silentAfterMs);
    this.events.emit({ type: 'run-started', run: this.#snapshot(tracked) });
  }

  /** A `::status` or `::progress` line from the job. */
  updateJobStatus(runId: string, statusMessage: string, progress?: number | null): void {
    const tracked = this.#running.get(runId);
    if (!tracked) return;
    const now = Date.now();
    tracked.lastActivityMs = now;
    tracked.lastActivityAwake = this.clock.now();
    tracked.info.statusMessage = statusMessage;
    tracked.info.lastStatusUpdate = new Date(now).toISOString();
    if (progress !== undefined) tracked.info.progress = progress;
    this.events.emit({ type: 'run-status', run: this.#snapshot(tracked) });
  }

  /** Output arrived. Called for every chunk, so it only stores a number. */
  noteOutput(runId: string): void {
    const tracked = this.#running.get(runId);
    if (!tracked) return;
    tracked.lastActivityMs = Date.now();
    tracked.lastActivityAwake = this.clock.now();
  }

  /** The run survived its startup window. */
  markStartupPassed(runId: string): void {
    const tracked = this.#running.get(runId);
    if (!tracked || tracked.info.phase === 'running') return;
    tracked.info.phase = 'running';
    this.events.emit({ type: 'run-status', run: this.#snapshot(tracked) });
  }

  /** Records a finished run (started or not) and stops tracking it. */
  completeJob(result: RunResult): void {
    const tracked = this.#running.get(result.runId);
    if (tracked) {
      for (const cancel of tracked.timers) cancel();
      this.#running.delete(result.runId);
    }
    this.#completed.unshift(result);
    if (this.#completed.length > COMPLETED_RUNS_KEPT) this.#completed.length = COMPLETED_RUNS_KEPT;
    this.events.emit({ type: 'run-finished', result });
  }

  getAllRunningJobs(): RunningJobInfo[] {
    return [...this.#running.values()].map((t) => this.#snapshot(t));
  }

  getRunningJob(runId: string): RunningJobInfo | undefined {
    const tracked = this.#running.get(runId);
    return tracked && this.#snapshot(tracked);
  }

  isJobRunning(jobName: string): boolean {
    for (const tracked of this.#running.values()) if (sameJobName(tracked.info.jobName, jobName)) return true;
    return false;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** Newest first. */
  getCompletedJobs(maxCount = COMPLETED_RUNS_KEPT): RunResult[] {
    return this.#completed.slice(0, Math.max(0, maxCount));
  }

  /** Runs that have been running longer than `thresholdMs`. */
  getPotentiallyStuckJobs(thresholdMs: number): RunningJobInfo[] {
    const now = Date.now();
    return this.getAllRunningJobs().filter((run) => now - Date.parse(run.startTime) > thresholdMs);
  }

  #watchSilence(tracked: Tracked, silentAfterMs: number): void {
    // Re-armed lazily from the last activity instead of on every output chunk: a chatty job costs nothing.
    const check = () => {
      if (!this.#running.has(tracked.info.runId)) return;
      const quietFor = this.clock.now() - tracked.lastActivityAwake;
      if (quietFor >= silentAfterMs) this.#raiseStuck(tracked, 'silent', silentAfterMs);
      else slot.cancel = this.clock.after(silentAfterMs - quietFor, check);
    };
    // One slot re-armed in place, so a long, chatty run does not pile up spent timers.
    const slot = { cancel: this.clock.after(silentAfterMs, check) };
    tracked.timers.push(() => slot.cancel());
  }

  #raiseStuck(tracked: Tracked, reason: StuckReason, thresholdMs: number): void {
    if (tracked.stuckRaised || !this.#running.has(tracked.info.runId)) return;
    tracked.stuckRaised = true;
    this.events.emit({
      type: 'run-stuck',
      run: this.#snapshot(tracked),
      reason,
      thresholdMinutes: thresholdMs / 60_000,
    });
  }

  #snapshot(tracked: Tracked): RunningJobInfo {
    return { ...tracked.info, lastOutputTime: new Date(tracked.lastActivityMs).toISOString() };
  }
}
