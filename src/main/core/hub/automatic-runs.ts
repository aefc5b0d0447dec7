import type { Notice } from '../../../shared/hub-api';
import type { JobLibrary } from '../jobs/job-library';
import type { WatchedFilesStore } from '../store/watched-files-types';
import type { TriggerFire } from '../triggers/types';
import { FileRuns } from './file-runs';
import type { FireLedger } from './fire-ledger';
import { missedRunsBetween } from './missed-runs-check';
import type { RunLauncher } from './run-launcher';
import { TriggerSet } from './trigger-set';

export interface AutomaticRunsOptions {
  library: JobLibrary;
  launcher: RunLauncher;
  ledger: FireLedger;
  /** File triggers' memory: folder contents, how far each trigger took arrivals, the files waiting to run. */
  watched: WatchedFilesStore;
  /** Whether a run has ended and is recorded (a waiting file whose run a previous hub started). */
  runEnded: (runId: string) => boolean;
  /** Triggers paused (the tray's switch): nothing runs by itself. */
  paused: () => boolean;
  /** The hub is closing: nothing new starts. */
  closing: () => boolean;
  notice: (level: Notice['level'], message: string) => void;
  rescanEveryMs?: number;
  missingCheckMs?: number;
  /** Whether an earlier version of the hub already ran this arrival of a file for the job (upgrades). */
  handledBefore?: (jobName: string, absolutePath: string, size: number, mtimeMs: number) => boolean;
}

/**
 * Everything that runs jobs by itself: the armed triggers of the library's enabled jobs, and catch-up runs for
 * schedules and intervals that came due while no hub was watching or the machine slept.
 */
export class AutomaticRuns {
  readonly triggers: TriggerSet;
  readonly #files: FileRuns;

  constructor(private readonly options: AutomaticRunsOptions) {
    this.#files = new FileRuns({
      store: options.watched,
      launcher: options.launcher,
      runnable: (jobName) => this.#runnable(jobName),
      closing: options.closing,
      runEnded: options.runEnded,
      notice: options.notice,
    });
    this.triggers = new TriggerSet({
      store: options.watched,
      onFire: (jobName, fire) => this.#onFire(jobName, fire),
      onProblem: (jobName, message) => options.notice('warning', `${jobName}: ${message}`),
      waiting: (jobName, running) => this.#files.waiting(jobName, running),
      ...(options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {}),
      ...(options.missingCheckMs ? { missingCheckMs: options.missingCheckMs } : {}),
      ...(options.handledBefore ? { handledBefore: options.handledBefore } : {}),
    });
  }

  /** A run of a job ended: files waiting for it (a busy `skip` job) may start now. */
  runFinished(jobName: string): void {
    this.#files.runEnded(jobName);
  }

  /** Arms the triggers of the enabled, runnable jobs (none while paused); disarms the rest. */
  async sync(): Promise<void> {
    if (this.options.closing()) return;
    await this.triggers.sync(this.#wanted());
  }

  /** Runs once what came due while no hub was watching (or the machine slept), per each job's `missedRuns`. */
  catchUp(): void {
    const jobs = this.#wanted();
    for (const catchUp of this.options.ledger.catchUps(
      jobs.map((e) => e.job),
      missedRunsBetween,
    )) {
      const entry = jobs.find((e) => e.job.name === catchUp.jobName);
      if (!entry) continue;
      const at = catchUp.scheduledFor.toISOString();
      this.options.notice(
        'info',
        `${catchUp.jobName}: running once for the run missed at ${at} (missedRuns: "runOnce")`,
      );
      this.options.launcher.launch(entry.job, entry.file, { kind: 'missed', detail: at });
    }
  }

  stop(): Promise<void> {
    return this.triggers.stopAll();
  }

  #wanted() {
    return this.options.paused() ? [] : this.options.library.runnable().filter((e) => e.job.enabled);
  }

  /** The job, if its triggers may start it now. */
  #runnable(jobName: string) {
    const { options } = this;
    if (options.closing() || options.paused()) return undefined;
    const entry = options.library.get(jobName);
    return entry?.job.enabled ? entry : undefined;
  }

  #onFire(jobName: string, fire: TriggerFire): void {
    // A file is on the job's waiting list already; it runs from there (now, or when the job can take it).
    if (fire.waiting !== undefined) {
      this.#files.wake(jobName);
      return;
    }
    const entry = this.#runnable(jobName);
    if (!entry) return;
    if (fire.scheduledFor && !this.options.ledger.claim(jobName, fire.scheduledFor)) return;
    this.options.launcher.launch(entry.job, entry.file, fire.trigger);
  }
}
