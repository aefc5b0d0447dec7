import { join } from 'node:path';
import type { Emitter } from '../../../shared/emitter';
import type { HubEvent, Notice } from '../../../shared/hub-api';
import { formatProblem } from '../../../shared/job-problem';
import { type NotifySwitches, switchesFor } from '../../../shared/notify-switches';
import { JobLibrary } from '../jobs/job-library';
import { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import type { DataLayout } from '../store/data-dir';
import { type HistoryStore, openHistory } from '../store/history-store';
import { openRunJournal, type RunJournal } from '../store/run-journal';
import { openSettings, type SettingsStore } from '../store/settings';
import type { AutomaticRuns } from './automatic-runs';
import { recoverInterruptedRuns } from './crash-recovery';
import { FireLedger } from './fire-ledger';
import { startHousekeeping } from './housekeeping';
import type { HubOptions } from './hub-options';
import { openHubState } from './hub-state';
import { NoticeLog } from './notices';
import { OutputRelay } from './output-relay';
import { RunLauncher } from './run-launcher';
import { RunRecorder } from './run-recorder';
import { StorageFaults } from './storage-faults';

/** The parts a hub is made of, wired to each other and to its event stream. */
export interface HubParts {
  notices: NoticeLog;
  /** Writes the disk refused, retried until they succeed. */
  faults: StorageFaults;
  settings: SettingsStore;
  history: HistoryStore;
  journal: RunJournal;
  recorder: RunRecorder;
  ledger: FireLedger;
  relay: OutputRelay;
  orchestrator: JobExecutionOrchestrator;
  library: JobLibrary;
  launcher: RunLauncher;
  /** The triggers and catch-ups, once startAutomatic() made them; never in a hub that only runs what it is handed. */
  readonly automatic: AutomaticRuns | null;
  /** Makes the triggers (their code is loaded only then), runs what came due meanwhile and arms them. */
  startAutomatic(): Promise<void>;
  /** Adds a notice to the event log and tells the hosts. */
  notice(level: Notice['level'], message: string): void;
  /** The notifications a run may raise: the settings merged with the `notify` block its job started with. */
  notifySwitches(run: { jobName: string; firstRunId: string }): NotifySwitches;
  /** Records the runs a hub that died left in progress as interrupted, stopping what is left of them. */
  recoverInterruptedRuns(): Promise<void>;
  /** Starts the heartbeat and log pruning. */
  startHousekeeping(): { stop(): void };
  /**
   * Loads the library and follows its changes: each file that fails to load is reported, hosts hear that the
   * library changed, and the triggers follow.
   */
  watchLibrary(): Promise<void>;
}

/**
 * Opens a data folder's stores and builds the parts over them: runs are journaled before they start and recorded
 * when they finish, their output relayed, and every event reaches `events` (finished and stuck runs with the
 * notification switches that apply to them). `closing` tells the parts that no new run may start.
 */
export function createHubParts(
  layout: DataLayout,
  options: HubOptions,
  events: Emitter<HubEvent>,
  closing: () => boolean,
): HubParts {
  const notices = new NoticeLog(join(layout.stateDir, 'events.jsonl'));
  const notice = (level: Notice['level'], message: string) =>
    events.emit({ type: 'notice', notice: notices.add(level, message) });
  const onProblem = (message: string) => notice('warning', message);
  const settings = openSettings(layout, onProblem);
  const initial = settings.get();
  // A historyLimit that fell back to its default must not delete history the user meant to keep.
  const limit = settings.fallbacks.has('historyLimit') ? Number.POSITIVE_INFINITY : initial.historyLimit;
  const history = openHistory(layout, { limit, onProblem });
  const journal = openRunJournal(layout, onProblem);
  const faults = new StorageFaults(notice, options.storageRetryMs);
  const ledger = new FireLedger(openHubState(layout, onProblem), faults);
  const recorder = new RunRecorder(history, journal, faults);
  const relay = new OutputRelay((runId, text) => events.emit({ type: 'run-output', runId, text }));
  const orchestrator: JobExecutionOrchestrator = new JobExecutionOrchestrator({
    logDir: layout.logsDir,
    defaultTimeoutMinutes: initial.defaultTimeoutMinutes,
    stuckAfterMinutes: initial.stuckAfterMinutes,
    maxConcurrentJobs: initial.maxConcurrentJobs,
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    // Journaled before the spawn, and again once its pid and start time are known: the pid alone proves nothing
    // to recovery (which then looks for the run's marker or cgroup, on Linux, as it does for no pid at all; on
    // Windows the run's Job Object ends with the hub), so it waits for both.
    onBeforeSpawn: (run) => recorder.started(run, null),
    onIdentified: (runId, pidStartTime) => {
      const run = orchestrator.monitor.getRunningJob(runId);
      if (run) recorder.started(run, pidStartTime);
    },
    onOutput: (runId, chunk) => relay.push(runId, chunk),
  });
  const rescan = options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {};
  const library = new JobLibrary(layout.jobsDir, rescan);
  const launcher = new RunLauncher(orchestrator, library, closing);
  let automatic: AutomaticRuns | null = null;
  const startAutomatic = async () => {
    const { createAutomaticRuns } = await import('./automatic-parts');
    automatic ??= createAutomaticRuns(layout, {
      library,
      launcher,
      ledger,
      history,
      settings,
      closing,
      notice,
      ...rescan,
    });
    automatic.catchUp();
    await automatic.sync();
  };
  const notifySwitches = (run: { jobName: string; firstRunId: string }) =>
    switchesFor(settings.get().notifications, launcher.notifyBlockOf(run));

  orchestrator.events.on((event) => events.emit(event));
  orchestrator.monitor.events.on((event) => {
    if (event.type === 'run-finished') {
      relay.flush(event.result.runId);
      recorder.finished(event.result);
      events.emit({ ...event, notify: notifySwitches(event.result) });
      automatic?.runFinished(event.result.jobName);
    } else if (event.type === 'run-stuck') {
      events.emit({ ...event, notify: notifySwitches(event.run) });
    } else {
      events.emit(event);
    }
  });
  const recover = async () => {
    const { recovered, messages } = await recoverInterruptedRuns(journal, history, {
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    });
    for (const message of messages) notice('warning', `Recovered an interrupted run of ${message}`);
    for (const result of recovered)
      events.emit({ type: 'run-finished', result, notify: notifySwitches(result) });
  };
  const housekeeping = () =>
    startHousekeeping({
      heartbeat: () => ledger.heartbeat(),
      ...(options.heartbeatEveryMs ? { heartbeatEveryMs: options.heartbeatEveryMs } : {}),
      logsDir: layout.logsDir,
      limits: () => {
        const current = settings.get();
        return { maxAgeDays: current.logRetentionDays, maxTotalBytes: current.logMaxTotalMB * 1024 * 1024 };
      },
      inUse: () => orchestrator.monitor.getAllRunningJobs().flatMap((r) => (r.logPath ? [r.logPath] : [])),
      onProblem: (message) => notice('warning', message),
    });
  const reportInvalid = (files: string[]) => {
    const changed = new Set(files);
    for (const entry of library.entries()) {
      if (!changed.has(entry.file) || entry.problems.length === 0) continue;
      notice('warning', `Job file not loaded: ${entry.problems.map(formatProblem).join('; ')}`);
    }
  };
  const reportRecovered = (files: string[]) => {
    for (const entry of library.entries().filter((e) => files.includes(e.file)))
      notice('info', `Job file loaded again: ${entry.fileName} ("${entry.job?.name ?? entry.name}")`);
  };
  const watchLibrary = async () => {
    await library.start();
    reportInvalid(library.entries().map((e) => e.file));
    library.events.on((change) => {
      reportInvalid(change.files);
      reportRecovered(change.recovered);
      events.emit({ type: 'library-changed' });
      void automatic?.sync();
    });
  };
  return {
    faults,
    recoverInterruptedRuns: recover,
    watchLibrary,
    startHousekeeping: housekeeping,
    notices,
    settings,
    history,
    journal,
    recorder,
    ledger,
    relay,
    orchestrator,
    library,
    launcher,
    get automatic() {
      return automatic;
    },
    startAutomatic,
    notice,
    notifySwitches,
  };
}
