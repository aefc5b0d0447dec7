import type { HubApi } from '../../../shared/hub-api';
import type { BridgeApi } from '../../../shared/ipc';

/** What the bridge needs of the hub: its API, plus resolving a run's log and the jobs folder. */
export interface BridgeHub extends HubApi {
  /** The log of a run, only inside the data dir's logs folder; null when there is none. */
  logPathOf(runId: string): Promise<string | null>;
  readonly layout: { readonly jobsDir: string };
}

/** Opens a file or folder with its default program; resolves to an error message, '' on success (shell.openPath). */
export type OpenPath = (path: string) => Promise<string>;

/**
 * The API the window (and the tray) call: the hub's methods, plus the desktop actions. The desktop actions
 * never take a path from the caller: a log is named by its run id and resolved by the hub, which answers
 * only paths inside its own logs folder, so a renderer cannot make shell.openPath open an arbitrary file.
 */
export function createBridgeApi(hub: BridgeHub, openPath: OpenPath): BridgeApi {
  return {
    listJobs: () => hub.listJobs(),
    listRunning: () => hub.listRunning(),
    getHistory: (query) => hub.getHistory(query),
    getRun: (runId) => hub.getRun(runId),
    readLog: (runId, maxBytes) => hub.readLog(runId, maxBytes),
    runJob: (name) => hub.runJob(name),
    cancelRun: (runId) => hub.cancelRun(runId),
    setJobEnabled: (name, enabled) => hub.setJobEnabled(name, enabled),
    setTriggersPaused: (paused) => hub.setTriggersPaused(paused),
    getSettings: () => hub.getSettings(),
    updateSettings: (patch) => hub.updateSettings(patch),
    previewJobFile: (path) => hub.previewJobFile(path),
    runJobFile: (path) => hub.runJobFile(path),
    addJobFile: (path) => hub.addJobFile(path),
    getNotices: () => hub.getNotices(),
    jobsFolder: () => hub.jobsFolder(),
    openLogFile: async (runId) => {
      const logPath = await hub.logPathOf(runId);
      if (logPath === null)
        throw new Error('This run has no log file (it wrote none, or old logs were pruned).');
      await open(openPath, logPath, 'the log');
    },
    openJobsFolder: async () => {
      await open(openPath, hub.layout.jobsDir, 'the jobs folder');
    },
  };
}

async function open(openPath: OpenPath, path: string, what: string): Promise<void> {
  const error = await openPath(path);
  if (error) throw new Error(`Could not open ${what} (${path}): ${error}`);
}
