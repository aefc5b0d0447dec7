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
import type { RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import type { Settings, SettingsPatch } from '../../../shared/settings-schema';
import type { ChannelServer } from '../channel/channel-server';
import type { JobLibrary } from '../jobs/job-library';
import type { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import { type DataLayout, ensureDataDir } from '../store/data-dir';
import { acquireDataDirLock, type DataDirLock } from '../store/data-dir-lock';
import { openHubChannel } from './hub-channel';
import type { HubOptions } from './hub-options';
import { createHubParts, type HubParts } from './hub-parts';
import { addToJobsFolder, admitJobFile, oneAtATime, previewForWindow } from './job-file-admission';
import type { Launched } from './run-launcher';
import { logPathInside, readRunLog } from './run-logs';
import { cancelRequested, type RunRef, type RunSpec, startRequestedRun } from './run-requests';
import { recordSessionEnd } from './session-end';

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
  #channel: ChannelServer | null = null;
  #closing: Promise<void> | null = null;
  #sessionEnded = false;
  readonly #oneAdd = oneAtATime();

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
    this.#parts = createHubParts(
      layout,
      options,
      this.events,
      () => this.#closing !== null || this.#sessionEnded,
    );
    this.orchestrator = this.#parts.orchestrator;
    this.library = this.#parts.library;
  }

  async #start(): Promise<void> {
    await this.#parts.recoverInterruptedRuns();
    // A hub that only runs what is handed to it runs nothing by itself, claims no watched schedules (no heartbeat),
    // and reads library and history when first needed: a run of a job file pays for neither, however large.
    if (this.options.mode !== 'runs') {
      this.#parts.history.load(); // now, so that a damaged history is reported as the hub starts
      await this.#parts.watchLibrary();
      await this.#parts.startAutomatic();
      this.#housekeeping = this.#parts.startHousekeeping();
    }
    const quit = this.options.onQuitRequest ?? (() => void this.close());
    this.#channel = await openHubChannel(this, this.options, quit, (message) =>
      this.#notice('warning', message),
    );
  }

  get paused(): boolean {
    return this.#parts.settings.get().triggersPaused;
  }

  get runningCount(): number {
    return this.orchestrator.monitor.runningCount;
  }

  /** Resolves once every armed file trigger's folder is listed and watched (open() waits a second at most). */
  whenTriggersWatching(): Promise<void> {
    return this.#parts.automatic?.triggers.watching() ?? Promise.resolve();
  }

  async listJobs(): Promise<JobSummary[]> {
    await this.library.read();
    const { summarizeJobs } = await import('./job-summaries');
    const triggers = this.#parts.automatic?.triggers ?? null;
    return summarizeJobs(this.library.entries(), {
      triggers,
      // A hub that only runs what it is handed arms nothing: none of its jobs has a next run.
      paused: this.paused || this.options.mode === 'runs',
      running: this.orchestrator.monitor.getAllRunningJobs(),
      history: this.#parts.history,
      defaultTimeoutMinutes: this.#parts.settings.get().defaultTimeoutMinutes,
      triggerProblems: (name) => triggers?.problems(name) ?? [],
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
    await this.library.read();
    const defaultTimeoutMinutes = this.#parts.settings.get().defaultTimeoutMinutes;
    return previewForWindow(path, { defaultTimeoutMinutes, nameTaken: (name) => this.#nameTaken(name) });
  }

  /**
   * Starts a run of a job file or a library job for a caller that follows it (the command line), like any other
   * run: relative paths resolve against the job file, the job's policies apply, the run is journaled and
   * recorded. `timeoutMinutes` overrides the job's for this run only.
   */
  async startRun(spec: RunSpec, onOutput?: (chunk: Buffer) => void): Promise<Launched> {
    if (!spec.file) await this.library.read();
    return startRequestedRun(this.#parts.launcher, spec, onOutput, this.options.checkedJobs ?? null);
  }

  /** Cancels by run id (or a unique start of one) or by job name (every run of it); returns what it cancelled. */
  async cancel(target: string, options: { hurry?: boolean; reason?: string } = {}): Promise<RunRef[]> {
    return cancelRequested(this.orchestrator, target, options);
  }

  async runJob(name: string): Promise<RunTicket> {
    await this.library.read();
    const entry = this.#parts.launcher.runnable(name);
    return this.#parts.launcher.launch(entry.job, entry.file, { kind: 'manual' }).ticket;
  }

  /** Runs a library job and waits for its (last attempt's) result: for the daemon, the CLI and tests. */
  async runJobAndWait(name: string, trigger: RunTrigger = { kind: 'manual' }): Promise<RunResult> {
    await this.library.read();
    const entry = this.#parts.launcher.runnable(name);
    return this.#parts.launcher.launch(entry.job, entry.file, trigger).done;
  }

  /** Runs a job file once; with `hash` (a preview's), only if it still holds exactly the previewed content. */
  async runJobFile(path: string, hash?: string): Promise<RunTicket> {
    const { job, file } = await admitJobFile(path, hash);
    return this.#parts.launcher.launch(job, file, { kind: 'drop', detail: file }).ticket;
  }

  /** Adds a job file to the library; with `hash`, only exactly the previewed content. One add at a time. */
  addJobFile(path: string, hash?: string): Promise<string> {
    // Serial, so that two adds of different files naming the same job cannot both pass the name check.
    return this.#oneAdd(async () => {
      await this.library.read();
      const target = await addToJobsFolder(path, hash, this.layout.jobsDir, (name) => this.#nameTaken(name));
      await this.library.rescan();
      return target;
    });
  }

  async cancelRun(runId: string): Promise<boolean> {
    return this.orchestrator.cancel(runId, 'cancelled by the user');
  }

  async setJobEnabled(name: string, enabled: boolean): Promise<void> {
    await this.library.read();
    const { file } = this.library.editable(name);
    const { setJobFileField } = await import('../jobs/edit-job-file');
    await setJobFileField(file, 'enabled', enabled);
    await this.library.rescan();
  }

  async setTriggersPaused(paused: boolean): Promise<void> {
    if (paused === this.paused) return;
    this.#parts.settings.update({ triggersPaused: paused });
    // Runs that came due while paused were deliberately not run: resuming does not catch them up. (A hub that
    // only runs never claims to have watched schedules: a later hub must still catch up what came due.)
    if (this.options.mode !== 'runs') this.#parts.ledger.heartbeat();
    await this.#parts.automatic?.sync();
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
      await this.#parts.automatic?.sync();
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
    if (!this.#closing) this.#parts.automatic?.catchUp();
  }

  /** Cancels every run and waits until each is recorded. */
  cancelAll(reason = 'the hub is stopping', options: { hurry?: boolean } = {}): Promise<RunResult[]> {
    return this.orchestrator.cancelAll(reason, options);
  }

  /**
   * The user's session ends now and this process with it (the app's `session-end`): every run in progress is
   * recorded as cancelled with `message`, synchronously (session-end.ts). No run starts afterwards.
   */
  endSessionNow(message: string): RunResult[] {
    this.#sessionEnded = true;
    return recordSessionEnd(this.orchestrator.monitor.getAllRunningJobs(), this.#parts.recorder, message);
  }

  /** Stops triggers, cancels running jobs (their trees are stopped and the runs recorded), releases the folder. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#housekeeping?.stop();
      await this.library.stop();
      await this.#parts.automatic?.stop();
      await this.cancelAll();
      // Followers of the cancelled runs get their results (answered as the runs were recorded) first.
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      await this.#channel?.close();
      this.#parts.relay.stop();
      if (this.options.mode !== 'runs') this.#parts.ledger.heartbeat();
      this.#parts.faults.retry(); // A last try; what the disk still refuses, the journal leaves to recovery.
      this.#parts.faults.stop();
      await this.lock.release();
    })();
    return this.#closing;
  }

  #nameTaken(name: string): boolean {
    return this.library.named(name) !== undefined;
  }

  #notice(level: Notice['level'], message: string): void {
    this.#parts.notice(level, message);
  }
}
