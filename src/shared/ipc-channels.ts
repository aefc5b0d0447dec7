import type { BridgeMethod } from './bridge-types';

// Channel names without zod: the sandboxed preload imports this module, and a sandboxed preload can
// load no package (electron-vite leaves dependencies such as zod as `require` calls), so nothing here
// may import a runtime value.

/**
 * Every bridge method, in the order of `ipcArguments` (ipc.ts checks that both list the same methods).
 * `satisfies` plus the check below make a method missing here a type error.
 */
export const BRIDGE_METHODS = [
  'listJobs',
  'listRunning',
  'getHistory',
  'getRun',
  'readLog',
  'runJob',
  'cancelRun',
  'setJobEnabled',
  'setTriggersPaused',
  'getSettings',
  'updateSettings',
  'previewJobFile',
  'runJobFile',
  'addJobFile',
  'getNotices',
  'jobsFolder',
  'openLogFile',
  'openJobsFolder',
] as const satisfies readonly BridgeMethod[];

/** `never` when BRIDGE_METHODS names every method; otherwise the missing names (and a compile error below). */
type MissingMethods = Exclude<BridgeMethod, (typeof BRIDGE_METHODS)[number]>;
const everyMethodListed: [MissingMethods] extends [never] ? true : MissingMethods = true;
void everyMethodListed;

/** IPC channel of a method: `hub:listJobs`. */
export const channelOf = (method: BridgeMethod): string => `hub:${method}`;

/** The one channel main pushes hub events on. */
export const EVENT_CHANNEL = 'hub:event';

/** Main asks the window to show one run (the user clicked a notification or a tray entry): payload runId. */
export const SHOW_RUN_CHANNEL = 'app:show-run';

/** Main asks the window to show a job file's preview (`Automation Hub.exe job.json`): payload JobPreview. */
export const SHOW_PREVIEW_CHANNEL = 'app:show-preview';
