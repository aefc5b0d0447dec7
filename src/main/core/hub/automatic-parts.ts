import type { Notice } from '../../../shared/hub-api';
import type { JobLibrary } from '../jobs/job-library';
import type { DataLayout } from '../store/data-dir';
import { earlierArrivalKey, readEarlierHandledFiles } from '../store/earlier-handled-files';
import type { HistoryStore } from '../store/history-store';
import type { SettingsStore } from '../store/settings';
import { openWatchedFiles } from '../store/watched-files-store';
import { AutomaticRuns } from './automatic-runs';
import type { FireLedger } from './fire-ledger';
import type { RunLauncher } from './run-launcher';

/**
 * The triggers of a hub that runs jobs by itself, over what file triggers remember. A module of its own, loaded
 * by such a hub only: one that only runs what it is handed (`automation-hub run`) never loads the triggers,
 * chokidar, picomatch or croner, nor reads what file triggers remember.
 */
export function createAutomaticRuns(
  layout: DataLayout,
  parts: {
    library: JobLibrary;
    launcher: RunLauncher;
    ledger: FireLedger;
    history: HistoryStore;
    settings: SettingsStore;
    closing: () => boolean;
    notice: (level: Notice['level'], message: string) => void;
    rescanEveryMs?: number;
  },
): AutomaticRuns {
  const { history, settings, notice } = parts;
  const earlierHandled = readEarlierHandledFiles(layout);
  return new AutomaticRuns({
    library: parts.library,
    launcher: parts.launcher,
    ledger: parts.ledger,
    watched: openWatchedFiles(layout, (message) => notice('warning', message)),
    handledBefore: (job, file, size, mtimeMs) => earlierHandled(job, earlierArrivalKey(file, size, mtimeMs)),
    runEnded: (runId) => history.get(runId) !== undefined,
    paused: () => settings.get().triggersPaused,
    closing: parts.closing,
    notice,
    ...(parts.rescanEveryMs ? { rescanEveryMs: parts.rescanEveryMs } : {}),
  });
}
