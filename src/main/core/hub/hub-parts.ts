import { join } from 'node:path';
import type { Emitter } from '../../../shared/emitter';
import type { HubEvent, Notice } from '../../../shared/hub-api';
import { type NotifySwitches, switchesFor } from '../../../shared/notify-switches';
import { JobLibrary } from '../jobs/job-library';
import { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import type { DataLayout } from '../store/data-dir';
import { type HistoryStore, openHistory } from '../store/history-store';
import { openRunJournal, type RunJournal } from '../store/run-journal';
import { openSettings, type SettingsStore } from '../store/settings';
import { openWatchedFiles } from '../store/watched-files-store';
import { AutomaticRuns } from './automatic-runs';
import { FireLedger } from './fire-ledger';
import type { HubOptions } from './hub-options';
import { openHubState } from './hub-state';
import { NoticeLog } from './notices';
import { OutputRelay } from './output-relay';
import { RunLauncher } from './run-launcher';
import { RunRecorder } from './run-recorder';

/** The parts a hub is made of, wired to each other and to its event stream. */
export interface HubParts {
  notices: NoticeLog;
  settings: SettingsStore;
  history: HistoryStore;
  journal: RunJournal;
  ledger: FireLedger;
  relay: OutputRelay;
  orchestrator: JobExecutionOrchestrator;
  library: JobLibrary;
  launcher: RunLauncher;
  automatic: AutomaticRuns;
  /** Adds a notice to the event log and tells the hosts. */
  notice(level: Notice['level'], message: string): void;
  /** The notifications a run may raise: the settings merged with the `notify` block its job started with. */
  notifySwitches(run: { jobName: string; firstRunId: string }): NotifySwitches;
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
  const history = openHistory(layout, { limit: initial.historyLimit, onProblem });
  const journal = openRunJournal(layout, onProblem);
  const ledger = new FireLedger(openHubState(layout, onProblem));
  const recorder = new RunRecorder(history, journal, notice);
  const relay = new OutputRelay((runId, text) => events.emit({ type: 'run-output', runId, text }));
  const orchestrator: JobExecutionOrchestrator = new JobExecutionOrchestrator({
    logDir: layout.logsDir,
    defaultTimeoutMinutes: initial.defaultTimeoutMinutes,
    stuckAfterMinutes: initial.stuckAfterMinutes,
    maxConcurrentJobs: initial.maxConcurrentJobs,
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    onBeforeSpawn: (run) => recorder.started(run, null),
    onSpawned: (run) => recorder.started(run, null),
    onIdentified: (runId, pidStartTime) => {
      const run = orchestrator.monitor.getRunningJob(runId);
      if (run) recorder.started(run, pidStartTime);
    },
    onOutput: (runId, chunk) => relay.push(runId, chunk),
  });
  const rescan = options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {};
  const library = new JobLibrary(layout.jobsDir, rescan);
  const launcher = new RunLauncher(orchestrator, library, closing);
  const automatic = new AutomaticRuns({
    library,
    launcher,
    ledger,
    watched: openWatchedFiles(layout, onProblem),
    runEnded: (runId) => history.get(runId) !== undefined,
    paused: () => settings.get().triggersPaused,
    closing,
    notice,
    ...rescan,
  });
  const notifySwitches = (run: { jobName: string; firstRunId: string }) =>
    switchesFor(settings.get().notifications, launcher.notifyBlockOf(run));

  orchestrator.events.on((event) => events.emit(event));
  orchestrator.monitor.events.on((event) => {
    if (event.type === 'run-finished') {
      relay.flush(event.result.runId);
      recorder.finished(event.result);
      events.emit({ ...event, notify: notifySwitches(event.result) });
      automatic.runFinished(event.result.jobName);
    } else if (event.type === 'run-stuck') {
      events.emit({ ...event, notify: notifySwitches(event.run) });
    } else {
      events.emit(event);
    }
  });
  return {
    notices,
    settings,
    history,
    journal,
    ledger,
    relay,
    orchestrator,
    library,
    launcher,
    automatic,
    notice,
    notifySwitches,
  };
}
