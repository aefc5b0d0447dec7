import { resolve } from 'node:path';
import { Emitter } from '../../../shared/emitter';
import type {
  HistoryQuery,
  HubApi,
  HubEvent,
  JobPreview,
  JobSummary,
  LogTail,
  Notice,
  RunTicket,
} from '../../../shared/hub-api';
import { formatProblem } from '../../../shared/job-file';
import type { RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import type { Settings, SettingsPatch } from '../../../shared/settings-schema';
import { HubError } from '../errors';
import { setJobFileField } from '../jobs/edit-job-file';
import type { JobLibrary } from '../jobs/job-library';
import { previewJobFile } from '../jobs/job-preview';
import type { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import { type DataLayout, ensureDataDir } from '../store/data-dir';
import { acquireDataDirLock, type DataDirLock } from '../store/data-dir-lock';
import { recoverInterruptedRuns } from './crash-recovery';
import { startHousekeeping } from './housekeeping';
import type { HubOptions } from './hub-options';
import { createHubParts, type HubParts } from './hub-parts';
import { addToJobsFolder, admitJobFile } from './job-file-admission';
import { summarizeJobs } from './job-summaries';
import { logPathInside, readRunLog } from './run-logs';

export type { HubOptions } from './hub-options';

/**
 * The hub: one data directory's job library, triggers, runs, history and settings, composed from core parts.
 * The tray app, the CLI daemon and the tests all use it. Owns its data directory exclusively (a second hub is
 * refused), recovers runs a crashed hub left behind, catches up missed schedules, and records every run.
 * It is the wiring and the facade: runs start in RunLauncher, triggers and catch-ups live in AutomaticRuns
 * (with FireLedger), records in RunRecorder, logs in run-logs, job files from outside in job-file-admission.
 */
export class Hub implements HubApi {
  readonly events = new Emitter<HubEvent>();
  readonly orchestrator: JobExecutionOrchestrator;
  readonly library: JobLibrary;
  readonly #parts: HubParts;
  #housekeeping: { stop(): void } | null = null;
  #closing: Promise<void> | null = null;

  /** Opens (and locks) a data directory and starts everything. Throws HubError('data-dir-locked') if taken. */
  static async open(options: HubOptions): Promise<Hub> {
    const layout = await ensureDataDir(resolve(options.dataDir));
    const lock = await acquireDataDirLock(layout.root);
    let hub: Hub | undefined;
    try {
      hub = new Hub(layout, lock, options);
      await hub.#start();
      return hub;
    } catch (error) {
      await hub?.close().catch(() => {});
      await lock.release().catch(() => {});
      throw error;
    }
  }

  private constructor(
    readonly layout: DataLayout,
    private readonly lock: DataDirLock,
    private readonly options: HubOptions,
  ) {
    if (options.onEvent) this.events.on(options.onEvent);
    this.#parts = createHubParts(layout, options, this.events, () => this.#closing !== null);
    this.orchestrator = this.#parts.orchestrator;
    this.library = this.#parts.library;
  }

  async #start(): Promise<void> {
    const { journal, history, automatic, notifySwitches } = this.#parts;
    const { recovered, messages } = await recoverInterruptedRuns(journal, history, {
      ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
    });
    for (const message of messages) this.#notice('warning', `Recovered an interrupted run of ${message}`);
    for (const result of recovered)
      this.events.emit({ type: 'run-finished', result, notify: notifySwitches(result) });

    await this.library.start();
    this.#reportInvalid(this.library.entries().map((e) => e.file));
    this.library.events.on((change) => {
      this.#reportInvalid(change.files);
      this.events.emit({ type: 'library-changed' });
      void automatic.sync();
    });

    automatic.catchUp();
    await automatic.sync();
    this.#housekeeping = startHousekeeping({
      heartbeat: () => this.#parts.ledger.heartbeat(),
      ...(this.options.heartbeatEveryMs ? { heartbeatEveryMs: this.options.heartbeatEveryMs } : {}),
      logsDir: this.layout.logsDir,
      limits: () => {
        const settings = this.#parts.settings.get();
        return { maxAgeDays: settings.logRetentionDays, maxTotalBytes: settings.logMaxTotalMB * 1024 * 1024 };
      },
      inUse: () =>
        this.orchestrator.monitor.getAllRunningJobs().flatMap((r) => (r.logPath ? [r.logPath] : [])),
      onProblem: (message) => this.#notice('warning', message),
    });
  }

  // ---- queries -------------------------------------------------------------------------------------------

  get paused(): boolean {
    return this.#parts.settings.get().triggersPaused;
  }

  get runningCount(): number {
    return this.orchestrator.monitor.runningCount;
  }

  /** Resolves once every armed file trigger's folder is listed and watched (open() waits a second at most). */
  whenTriggersWatching(): Promise<void> {
    return this.#parts.automatic.triggers.watching();
  }

  async listJobs(): Promise<JobSummary[]> {
    return summarizeJobs(this.library.entries(), {
      triggers: this.#parts.automatic.triggers,
      paused: this.paused,
      running: this.orchestrator.monitor.getAllRunningJobs(),
      history: this.#parts.history,
      defaultTimeoutMinutes: this.#parts.settings.get().defaultTimeoutMinutes,
      triggerProblems: (name) => this.#parts.automatic.triggers.problems(name),
    });
  }

  async listRunning(): Promise<RunningJobInfo[]> {
    return this.orchestrator.monitor.getAllRunningJobs();
  }

  async getHistory(query: HistoryQuery = {}): Promise<RunResult[]> {
    return this.#parts.history.list(query);
  }

  async getRun(runId: string): Promise<RunResult | RunningJobInfo | null> {
    return this.orchestrator.monitor.getRunningJob(runId) ?? this.#parts.history.get(runId) ?? null;
  }

  /** The log of a run, only if it lies inside this hub's logs folder (a path is never taken from outside). */
  async logPathOf(runId: string): Promise<string | null> {
    return logPathInside(this.layout.logsDir, await this.getRun(runId));
  }

  async readLog(runId: string, maxBytes = 64 * 1024): Promise<LogTail> {
    const live = this.orchestrator.monitor.getRunningJob(runId) !== undefined;
    return readRunLog(this.layout.logsDir, runId, await this.getRun(runId), live, maxBytes);
  }

  async getSettings(): Promise<Settings> {
    return this.#parts.settings.get();
  }

  async getNotices(): Promise<Notice[]> {
    return this.#parts.notices.list();
  }

  async jobsFolder(): Promise<string> {
    return this.layout.jobsDir;
  }

  async previewJobFile(path: string): Promise<JobPreview> {
    const { job: _job, ...preview } = await previewJobFile(resolve(path), {
      defaultTimeoutMinutes: this.#parts.settings.get().defaultTimeoutMinutes,
      nameTaken: (name) => this.#nameTaken(name),
    });
    return preview;
  }

  // ---- actions -------------------------------------------------------------------------------------------

  async runJob(name: string): Promise<RunTicket> {
    const entry = this.#parts.launcher.runnable(name);
    return this.#parts.launcher.launch(entry.job, entry.file, { kind: 'manual' }).ticket;
  }

  /** Runs a library job and waits for its (last attempt's) result: for the daemon, the CLI and tests. */
  async runJobAndWait(name: string, trigger: RunTrigger = { kind: 'manual' }): Promise<RunResult> {
    const entry = this.#parts.launcher.runnable(name);
    return this.#parts.launcher.launch(entry.job, entry.file, trigger).done;
  }

  async runJobFile(path: string): Promise<RunTicket> {
    const { job, file } = await admitJobFile(path);
    return this.#parts.launcher.launch(job, file, { kind: 'drop', detail: file }).ticket;
  }

  async addJobFile(path: string): Promise<string> {
    const target = await addToJobsFolder(path, this.layout.jobsDir, (name) => this.#nameTaken(name));
    await this.library.rescan();
    return target;
  }

  async cancelRun(runId: string): Promise<boolean> {
    return this.orchestrator.cancel(runId, 'cancelled by the user');
  }

  async setJobEnabled(name: string, enabled: boolean): Promise<void> {
    const entry = this.library.entries().find((e) => e.job?.name === name);
    if (!entry)
      throw new HubError('job-not-found', `there is no job named "${name}" in ${this.layout.jobsDir}`);
    await setJobFileField(entry.file, 'enabled', enabled);
    await this.library.rescan();
  }

  async setTriggersPaused(paused: boolean): Promise<void> {
    if (paused === this.paused) return;
    this.#parts.settings.update({ triggersPaused: paused });
    // Runs that came due while paused were deliberately not run: resuming does not catch them up.
    this.#parts.ledger.heartbeat();
    await this.#parts.automatic.sync();
    this.#notice(
      'info',
      paused ? 'Triggers paused: no job runs by itself until they are resumed.' : 'Triggers resumed.',
    );
    this.events.emit({ type: 'triggers-paused', paused });
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const pausedBefore = this.paused;
    const settings = this.#parts.settings.update(patch);
    this.orchestrator.configure({
      defaultTimeoutMinutes: settings.defaultTimeoutMinutes,
      stuckAfterMinutes: settings.stuckAfterMinutes,
      maxConcurrentJobs: settings.maxConcurrentJobs,
    });
    if (settings.triggersPaused !== pausedBefore) {
      await this.#parts.automatic.sync();
      this.events.emit({ type: 'triggers-paused', paused: settings.triggersPaused });
    }
    this.events.emit({ type: 'settings-changed', settings });
    return settings;
  }

  /**
   * The system resumed from sleep (or the clock jumped): runs that came due meanwhile follow each job's
   * `missedRuns` policy. Schedules themselves never run an overslept time; this is the one place that decides.
   */
  onResume(): void {
    if (!this.#closing) this.#parts.automatic.catchUp();
  }

  /** Cancels every run and waits until each is recorded. */
  cancelAll(reason = 'the hub is stopping'): Promise<RunResult[]> {
    return this.orchestrator.cancelAll(reason);
  }

  /** Stops triggers, cancels running jobs (their trees are stopped and the runs recorded), releases the folder. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#housekeeping?.stop();
      await this.library.stop();
      await this.#parts.automatic.stop();
      await this.cancelAll();
      this.#parts.relay.stop();
      this.#parts.ledger.heartbeat();
      await this.lock.release();
    })();
    return this.#closing;
  }

  // ---- internals -----------------------------------------------------------------------------------------

  #nameTaken(name: string): boolean {
    return this.library.entries().some((e) => e.job?.name === name);
  }

  #reportInvalid(files: string[]): void {
    const changed = new Set(files);
    for (const entry of this.library.entries()) {
      if (!changed.has(entry.file) || entry.problems.length === 0) continue;
      this.#notice('warning', `Job file not loaded: ${entry.problems.map(formatProblem).join('; ')}`);
    }
  }

  #notice(level: Notice['level'], message: string): void {
    this.#parts.notice(level, message);
  }
}
