import type { Notice } from '../../../shared/hub-api';
import type { JobLibrary } from '../jobs/job-library';
import type { HandledFilesStore } from '../store/handled-files-store';
import type { TriggerFire } from '../triggers/types';
import { TRIGGER_FILE_VARIABLE, withTriggerFile } from './file-argument';
import type { FireLedger } from './fire-ledger';
import type { RunLauncher } from './run-launcher';
import { TriggerSet } from './trigger-set';

export interface AutomaticRunsOptions {
  library: JobLibrary;
  launcher: RunLauncher;
  ledger: FireLedger;
  handled: HandledFilesStore;
  /** Triggers paused (the tray's switch): nothing runs by itself. */
  paused: () => boolean;
  /** The hub is closing: nothing new starts. */
  closing: () => boolean;
  notice: (level: Notice['level'], message: string) => void;
  rescanEveryMs?: number;
}

/**
 * Everything that runs jobs by itself: the armed triggers of the library's enabled jobs, and catch-up runs for
 * schedules and intervals that came due while no hub was watching or the machine slept.
 */
export class AutomaticRuns {
  readonly triggers: TriggerSet;

  constructor(private readonly options: AutomaticRunsOptions) {
    this.triggers = new TriggerSet({
      handled: options.handled,
      onFire: (jobName, fire) => this.#onFire(jobName, fire),
      onProblem: (jobName, message) => options.notice('warning', `${jobName}: ${message}`),
      ...(options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {}),
    });
  }

  /** Arms the triggers of the enabled, runnable jobs (none while paused); disarms the rest. */
  async sync(): Promise<void> {
    if (this.options.closing()) return;
    await this.triggers.sync(this.#wanted());
  }

  /** Runs once what came due while no hub was watching (or the machine slept), per each job's `missedRuns`. */
  catchUp(): void {
    const jobs = this.#wanted();
    for (const catchUp of this.options.ledger.catchUps(jobs.map((e) => e.job))) {
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

  #onFire(jobName: string, fire: TriggerFire): void {
    const { options } = this;
    if (options.closing() || options.paused()) return;
    const entry = options.library.get(jobName);
    if (!entry?.job.enabled) return;
    if (fire.scheduledFor && !options.ledger.claim(jobName, fire.scheduledFor)) return;
    const job = fire.file ? withTriggerFile(entry.job, fire.file) : entry.job;
    const extras = fire.file ? { extraEnv: { [TRIGGER_FILE_VARIABLE]: fire.file } } : {};
    options.launcher.launch(job, entry.file, fire.trigger, extras);
  }
}
