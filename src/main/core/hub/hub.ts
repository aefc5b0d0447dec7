import { copyFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
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
import type { JobDefinition } from '../../../shared/job-schema';
import type { RunningJobInfo, RunResult, RunTrigger } from '../../../shared/run-types';
import type { Settings, SettingsPatch } from '../../../shared/settings-schema';
import { HubError } from '../errors';
import { setJobFileField } from '../jobs/edit-job-file';
import { JobLibrary } from '../jobs/job-library';
import { previewJobFile } from '../jobs/job-preview';
import { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import { type DataLayout, ensureDataDir } from '../store/data-dir';
import { acquireDataDirLock, type DataDirLock } from '../store/data-dir-lock';
import { type HandledFilesStore, openHandledFiles } from '../store/handled-files-store';
import { type HistoryStore, openHistory } from '../store/history-store';
import type { JsonStore } from '../store/json-store';
import { pruneLogs } from '../store/log-pruner';
import { readLogEnd } from '../store/read-log-end';
import { openRunJournal, type RunJournal } from '../store/run-journal';
import { openSettings, type SettingsStore } from '../store/settings';
import type { TriggerFire } from '../triggers/types';
import { recoverInterruptedRuns } from './crash-recovery';
import { TRIGGER_FILE_VARIABLE, withTriggerFile } from './file-argument';
import { type HubState, openHubState } from './hub-state';
import { summarizeJobs } from './job-summaries';
import { missedRunsBetween } from './missed-runs-check';
import { NoticeLog } from './notices';
import { OutputRelay } from './output-relay';
import { TriggerSet } from './trigger-set';

export interface HubOptions {
  /** The data directory: jobs/, logs/, state/ and settings.json live here. */
  dataDir: string;
  /** Environment jobs inherit (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** SIGTERM → SIGKILL grace when stopping a job's tree (default 5 s). */
  killGraceMs?: number;
  /** Rescan period of file triggers and the jobs folder (the backstop for events the OS dropped). */
  rescanEveryMs?: number;
  /** How often the hub records that it is alive, for missed-run detection (default 60 s). */
  heartbeatEveryMs?: number;
  /** Subscribed before the hub starts, so a host also sees what happens while it opens (recovered runs). */
  onEvent?: (event: HubEvent) => void;
}

/** History keeps a shorter tail than live results: the full output is in the log, and history is loaded whole. */
const HISTORY_TAIL_BYTES = 8 * 1024;
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * The hub: one data directory's job library, triggers, runs, history and settings, composed from core parts.
 * The tray app, the CLI daemon and the tests all use it. Owns its data directory exclusively (a second hub is
 * refused), recovers runs a crashed hub left behind, catches up missed schedules, and records every run.
 */
export class Hub implements HubApi {
  readonly events = new Emitter<HubEvent>();
  readonly orchestrator: JobExecutionOrchestrator;
  readonly library: JobLibrary;
  readonly #notices: NoticeLog;
  readonly #settings: SettingsStore;
  readonly #history: HistoryStore;
  readonly #journal: RunJournal;
  readonly #handled: HandledFilesStore;
  readonly #state: JsonStore<HubState>;
  readonly #triggers: TriggerSet;
  readonly #relay: OutputRelay;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #jobProblems = new Map<string, string[]>();
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
    this.#notices = new NoticeLog(join(layout.stateDir, 'events.jsonl'));
    const onProblem = (message: string) => this.#notice('warning', message);
    this.#settings = openSettings(layout, onProblem);
    const settings = this.#settings.get();
    this.#history = openHistory(layout, { limit: settings.historyLimit, onProblem });
    this.#journal = openRunJournal(layout, onProblem);
    this.#handled = openHandledFiles(layout, onProblem);
    this.#state = openHubState(layout, onProblem);
    this.#relay = new OutputRelay((runId, text) => this.events.emit({ type: 'run-output', runId, text }));
    this.orchestrator = new JobExecutionOrchestrator({
      logDir: layout.logsDir,
      defaultTimeoutMinutes: settings.defaultTimeoutMinutes,
      stuckAfterMinutes: settings.stuckAfterMinutes,
      maxConcurrentJobs: settings.maxConcurrentJobs,
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
      ...(options.env ? { env: options.env } : {}),
      onBeforeSpawn: (run) => this.#journalRun(run, null),
      onSpawned: (run) => this.#journalRun(run, null),
      onIdentified: (runId, pidStartTime) => {
        const run = this.orchestrator.monitor.getRunningJob(runId);
        if (run) this.#journalRun(run, pidStartTime);
      },
      onOutput: (runId, chunk) => this.#relay.push(runId, chunk),
    });
    this.library = new JobLibrary(
      layout.jobsDir,
      options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {},
    );
    this.#triggers = new TriggerSet({
      handled: this.#handled,
      onFire: (jobName, fire) => this.#onFire(jobName, fire),
      onProblem: (jobName, message) => this.#notice('warning', `${jobName}: ${message}`),
      ...(options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {}),
    });
    this.orchestrator.events.on((event) => this.events.emit(event));
    this.orchestrator.monitor.events.on((event) => {
      if (event.type === 'run-finished') this.#record(event.result);
      this.events.emit(event);
    });
  }

  async #start(): Promise<void> {
    const { recovered, messages } = await recoverInterruptedRuns(this.#journal, this.#history, {
      ...(this.options.killGraceMs !== undefined ? { killGraceMs: this.options.killGraceMs } : {}),
    });
    for (const message of messages) this.#notice('warning', `Recovered an interrupted run of ${message}`);
    for (const result of recovered) this.events.emit({ type: 'run-finished', result });

    await this.library.start();
    this.#reportInvalid(this.library.entries().map((e) => e.file));
    this.library.events.on((change) => {
      this.#reportInvalid(change.files);
      this.events.emit({ type: 'library-changed' });
      void this.#syncTriggers();
    });

    const lastAlive = this.#state.get().lastAliveAt;
    this.#heartbeat();
    if (!this.paused) {
      if (lastAlive) this.#catchUp(new Date(lastAlive), new Date());
      await this.#syncTriggers();
    }
    this.#every(this.options.heartbeatEveryMs ?? 60_000, () => this.#heartbeat());
    this.#every(PRUNE_EVERY_MS, () => void this.#prune());
    void this.#prune();
  }

  // ---- queries -------------------------------------------------------------------------------------------

  get paused(): boolean {
    return this.#settings.get().triggersPaused;
  }

  get runningCount(): number {
    return this.orchestrator.monitor.runningCount;
  }

  async listJobs(): Promise<JobSummary[]> {
    return summarizeJobs(this.library.entries(), {
      triggers: this.#triggers,
      paused: this.paused,
      running: this.orchestrator.monitor.getAllRunningJobs(),
      history: this.#history,
      defaultTimeoutMinutes: this.#settings.get().defaultTimeoutMinutes,
      triggerProblems: (name) => this.#jobProblems.get(name) ?? [],
    });
  }

  async listRunning(): Promise<RunningJobInfo[]> {
    return this.orchestrator.monitor.getAllRunningJobs();
  }

  async getHistory(query: HistoryQuery = {}): Promise<RunResult[]> {
    return this.#history.list(query);
  }

  async getRun(runId: string): Promise<RunResult | RunningJobInfo | null> {
    return this.orchestrator.monitor.getRunningJob(runId) ?? this.#history.get(runId) ?? null;
  }

  /** The log of a run, only if it lies inside this hub's logs folder (a path is never taken from outside). */
  async logPathOf(runId: string): Promise<string | null> {
    const run = await this.getRun(runId);
    const path = run?.logPath;
    if (!path) return null;
    const inside = relative(this.layout.logsDir, resolve(path));
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? resolve(path) : null;
  }

  async readLog(runId: string, maxBytes = 64 * 1024): Promise<LogTail> {
    const live = this.orchestrator.monitor.getRunningJob(runId) !== undefined;
    const logPath = await this.logPathOf(runId);
    if (!logPath) {
      const run = await this.getRun(runId);
      if (!run)
        throw new HubError('run-not-found', `no run with id ${runId}: it may have been pruned from history`);
      const text = 'outputTail' in run ? run.outputTail : '';
      return { runId, text, size: Buffer.byteLength(text), truncated: false, live, logPath: null };
    }
    const end = await readLogEnd(logPath, maxBytes);
    return {
      runId,
      text: end?.tail ?? '',
      size: end?.size ?? 0,
      truncated: (end?.size ?? 0) > maxBytes,
      live,
      logPath,
    };
  }

  async getSettings(): Promise<Settings> {
    return this.#settings.get();
  }

  async getNotices(): Promise<Notice[]> {
    return this.#notices.list();
  }

  async jobsFolder(): Promise<string> {
    return this.layout.jobsDir;
  }

  async previewJobFile(path: string): Promise<JobPreview> {
    const { job: _job, ...preview } = await previewJobFile(resolve(path), {
      defaultTimeoutMinutes: this.#settings.get().defaultTimeoutMinutes,
      nameTaken: (name) => this.library.entries().some((e) => e.job?.name === name),
    });
    return preview;
  }

  // ---- actions -------------------------------------------------------------------------------------------

  async runJob(name: string): Promise<RunTicket> {
    const entry = this.#runnable(name);
    return this.#launch(entry.job, entry.file, { kind: 'manual' }).ticket;
  }

  /** Runs a library job and waits for its (last attempt's) result: for the daemon, the CLI and tests. */
  async runJobAndWait(name: string, trigger: RunTrigger = { kind: 'manual' }): Promise<RunResult> {
    const entry = this.#runnable(name);
    return this.#launch(entry.job, entry.file, trigger).done;
  }

  async runJobFile(path: string): Promise<RunTicket> {
    const file = resolve(path);
    const preview = await previewJobFile(file);
    if (!preview.ok || !preview.job) {
      throw new HubError(
        'job-invalid',
        preview.ok ? 'cannot be run' : preview.problems.map(formatProblem).join('\n'),
        { file },
      );
    }
    return this.#launch(preview.job, file, { kind: 'drop', detail: file }).ticket;
  }

  async addJobFile(path: string): Promise<string> {
    const source = resolve(path);
    const preview = await previewJobFile(source);
    if (!preview.ok)
      throw new HubError('job-invalid', preview.problems.map(formatProblem).join('\n'), { file: source });
    const target = join(this.layout.jobsDir, basename(source));
    if (resolve(target) === source) return target;
    if (await exists(target)) {
      throw new HubError(
        'job-file-exists',
        `the jobs folder already has a file named ${basename(source)}: rename one of them first`,
        {
          file: source,
        },
      );
    }
    if (this.library.entries().some((e) => e.job?.name === preview.name)) {
      throw new HubError(
        'job-name-taken',
        `a job named "${preview.name}" is already in the library: change "name" in this file first`,
        {
          file: source,
          field: 'name',
        },
      );
    }
    await copyFile(source, target);
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
    this.#settings.update({ triggersPaused: paused });
    // Runs that came due while paused were deliberately not run: resuming does not catch them up.
    this.#heartbeat();
    await this.#syncTriggers();
    this.#notice(
      'info',
      paused ? 'Triggers paused: no job runs by itself until they are resumed.' : 'Triggers resumed.',
    );
    this.events.emit({ type: 'triggers-paused', paused });
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const pausedBefore = this.paused;
    const settings = this.#settings.update(patch);
    this.orchestrator.configure({
      defaultTimeoutMinutes: settings.defaultTimeoutMinutes,
      stuckAfterMinutes: settings.stuckAfterMinutes,
      maxConcurrentJobs: settings.maxConcurrentJobs,
    });
    if (settings.triggersPaused !== pausedBefore) {
      await this.#syncTriggers();
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
    if (this.#closing) return;
    const lastAlive = this.#state.get().lastAliveAt;
    this.#heartbeat();
    if (lastAlive && !this.paused) this.#catchUp(new Date(lastAlive), new Date());
  }

  /** Cancels every run and waits until each is recorded. */
  cancelAll(reason = 'the hub is stopping'): Promise<RunResult[]> {
    return this.orchestrator.cancelAll(reason);
  }

  /** Stops triggers, cancels running jobs (their trees are stopped and the runs recorded), releases the folder. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#timers) clearInterval(timer);
      await this.library.stop();
      await this.#triggers.stopAll();
      await this.cancelAll();
      this.#relay.stop();
      this.#heartbeat();
      await this.lock.release();
    })();
    return this.#closing;
  }

  // ---- internals -----------------------------------------------------------------------------------------

  #runnable(name: string): { job: JobDefinition; file: string } {
    const entry = this.library.get(name);
    if (entry) return entry;
    const broken = this.library
      .entries()
      .find((e) => e.job?.name === name || basename(e.file, '.json') === name);
    if (broken && broken.problems.length > 0) {
      throw new HubError(
        'job-invalid',
        `"${name}" cannot run until its file is fixed:\n${broken.problems.map(formatProblem).join('\n')}`,
        {
          file: broken.file,
        },
      );
    }
    throw new HubError('job-not-found', `there is no job named "${name}" in ${this.layout.jobsDir}`);
  }

  #launch(
    job: JobDefinition,
    file: string,
    trigger: RunTrigger,
    extraEnv?: Record<string, string>,
  ): { ticket: Promise<RunTicket>; done: Promise<RunResult> } {
    if (this.#closing) throw new HubError('hub-stopping', 'the hub is stopping: no new runs start');
    const started = this.orchestrator.startJob(job, {
      trigger,
      baseDir: dirname(file),
      jobFile: file,
      ...(extraEnv ? { extraEnv } : {}),
    });
    const ticket: Promise<RunTicket> =
      started.runId === null
        ? started.done.then((skipped) => ({
            jobName: job.name,
            accepted: false,
            message: skipped.message,
            runId: null,
          }))
        : Promise.resolve({
            jobName: job.name,
            accepted: true,
            message: started.queued ? 'queued' : 'started',
            runId: started.runId,
          });
    return { ticket, done: started.done };
  }

  #onFire(jobName: string, fire: TriggerFire): void {
    if (this.#closing || this.paused) return;
    const entry = this.library.get(jobName);
    if (!entry?.job.enabled) return;
    if (fire.scheduledFor) {
      const at = fire.scheduledFor;
      // A fire up to 90 s late and a catch-up after resume can serve the same due time: act on each time once.
      const last = this.#state.get().lastFires[jobName];
      if (last && Date.parse(at) <= Date.parse(last)) return;
      this.#state.update((state) => ({
        ...state,
        lastAliveAt: new Date().toISOString(),
        lastFires: { ...state.lastFires, [jobName]: at },
      }));
    }
    const job = fire.file ? withTriggerFile(entry.job, fire.file) : entry.job;
    const extraEnv = fire.file ? { [TRIGGER_FILE_VARIABLE]: fire.file } : undefined;
    this.#launch(job, entry.file, fire.trigger, extraEnv);
  }

  #catchUp(from: Date, to: Date): void {
    const jobs = this.library.runnable().filter((e) => e.job.enabled);
    for (const catchUp of missedRunsBetween(
      jobs.map((e) => e.job),
      from,
      to,
      this.#state.get().lastFires,
    )) {
      const entry = jobs.find((e) => e.job.name === catchUp.jobName);
      if (!entry) continue;
      const at = catchUp.scheduledFor.toISOString();
      this.#notice(
        'info',
        `${catchUp.jobName}: running once for the run missed at ${at} (missedRuns: "runOnce")`,
      );
      this.#state.update((state) => ({ ...state, lastFires: { ...state.lastFires, [catchUp.jobName]: at } }));
      this.#launch(entry.job, entry.file, { kind: 'missed', detail: at });
    }
  }

  async #syncTriggers(): Promise<void> {
    if (this.#closing) return;
    const wanted = this.paused ? [] : this.library.runnable().filter((e) => e.job.enabled);
    this.#jobProblems.clear();
    await this.#triggers.sync(wanted);
    for (const { job } of wanted) {
      const problems = this.#triggers.problems(job.name);
      if (problems.length > 0) this.#jobProblems.set(job.name, problems);
    }
  }

  #record(result: RunResult): void {
    this.#relay.flush(result.runId);
    const tail = result.outputTail;
    const short = Buffer.byteLength(tail) > HISTORY_TAIL_BYTES ? tail.slice(-HISTORY_TAIL_BYTES) : tail;
    try {
      this.#history.add(short === tail ? result : { ...result, outputTail: short });
    } catch (error) {
      this.#notice(
        'error',
        `Could not record the run of "${result.jobName}" in the history: ${(error as Error).message}`,
      );
      return; // Keep the journal entry: the next start records the run as interrupted rather than losing it.
    }
    try {
      this.#journal.remove(result.runId);
    } catch {
      // A stale journal entry is harmless: recovery finds the run already in the history and drops it.
    }
  }

  #journalRun(run: RunningJobInfo, pidStartTime: string | null): void {
    try {
      this.#journal.record({
        runId: run.runId,
        jobName: run.jobName,
        pid: run.pid,
        pidStartTime,
        startTime: run.startTime,
        logPath: run.logPath,
        hubPid: process.pid,
        trigger: run.trigger,
        attempt: run.attempt,
        firstRunId: run.firstRunId,
        ...(run.jobFile ? { jobFile: run.jobFile } : {}),
      });
    } catch (error) {
      this.#notice(
        'error',
        `Could not record that "${run.jobName}" started (crash recovery will not know it): ${(error as Error).message}`,
      );
    }
  }

  #reportInvalid(files: string[]): void {
    const changed = new Set(files);
    for (const entry of this.library.entries()) {
      if (!changed.has(entry.file) || entry.problems.length === 0) continue;
      this.#notice('warning', `Job file not loaded: ${entry.problems.map(formatProblem).join('; ')}`);
    }
  }

  #heartbeat(): void {
    try {
      this.#state.update((state) => ({ ...state, lastAliveAt: new Date().toISOString() }));
    } catch {
      // Missing one heartbeat only makes missed-run detection less precise.
    }
  }

  async #prune(): Promise<void> {
    const settings = this.#settings.get();
    const keep = new Set(
      this.orchestrator.monitor.getAllRunningJobs().flatMap((r) => (r.logPath ? [r.logPath] : [])),
    );
    try {
      await pruneLogs(this.layout.logsDir, {
        maxAgeDays: settings.logRetentionDays,
        maxTotalBytes: settings.logMaxTotalMB * 1024 * 1024,
        keep,
      });
    } catch (error) {
      this.#notice(
        'warning',
        `Could not prune old logs in ${this.layout.logsDir}: ${(error as Error).message}`,
      );
    }
  }

  #every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #notice(level: Notice['level'], message: string): void {
    const notice = this.#notices.add(level, message);
    this.events.emit({ type: 'notice', notice });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
