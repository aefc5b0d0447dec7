import path from 'node:path';
import type { HubApi, JobPreview } from '../../../shared/hub-api';
import type { BridgeApi } from '../../../shared/ipc';

/** What the bridge needs of the hub: its API, plus resolving a run's log and the jobs folder. */
export interface BridgeHub extends HubApi {
  /** The log of a run, only inside the data dir's logs folder; null when there is none. */
  logPathOf(runId: string): Promise<string | null>;
  readonly layout: { readonly jobsDir: string };
}

/** Opens a file or folder with its default program; resolves to an error message, '' on success (shell.openPath). */
export type OpenPath = (path: string) => Promise<string>;

// Previews the window was given, newest last: enough for any number of drops a person makes in a session.
const PREVIEWS_KEPT = 100;

/**
 * The API the window (and the tray) call: the hub's methods, plus the desktop actions. The desktop actions
 * never take a path from the caller: a log is named by its run id and resolved by the hub, which answers
 * only paths inside its own logs folder, so a renderer cannot make shell.openPath open an arbitrary file.
 * Running or adding a job file is accepted only for a file this bridge previewed with that very content hash
 * (and the hub checks that the file still holds it): the window cannot run a `.json` it was not shown.
 */
export function createBridgeApi(hub: BridgeHub, openPath: OpenPath): BridgeApi {
  const previewed = new Set<string>();
  const key = (file: string, hash: string) => `${hash}\0${path.resolve(file)}`;
  const remember = (preview: JobPreview): JobPreview => {
    if (!preview.ok) return preview;
    previewed.delete(key(preview.file, preview.hash));
    previewed.add(key(preview.file, preview.hash));
    if (previewed.size > PREVIEWS_KEPT) previewed.delete(previewed.values().next().value as string);
    return preview;
  };
  const requirePreview = (file: string, hash: string): void => {
    if (!previewed.has(key(file, hash)))
      throw new Error(`${file} was not previewed here: drop it on the window and check what it does first.`);
  };
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
    previewJobFile: async (file) => remember(await hub.previewJobFile(file)),
    runJobFile: async (file, hash) => {
      requirePreview(file, hash);
      return hub.runJobFile(file, hash);
    },
    addJobFile: async (file, hash) => {
      requirePreview(file, hash);
      return hub.addJobFile(file, hash);
    },
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

async function open(openPath: OpenPath, target: string, what: string): Promise<void> {
  const error = await openPath(target);
  if (error) throw new Error(`Could not open ${what} (${target}): ${error}`);
}
