import { z } from 'zod';
import type { HubApi, HubEvent } from './hub-api';
import { BRIDGE_METHODS, channelOf, EVENT_CHANNEL, SHOW_RUN_CHANNEL } from './ipc-channels';
import { settingsPatchSchema } from './settings-schema';

// The channel names live in a zod-free module so that the sandboxed preload can import them.
export { BRIDGE_METHODS, channelOf, EVENT_CHANNEL, SHOW_RUN_CHANNEL };

/** Every answer that crosses IPC: errors travel as a message only, never as an Error object or stack. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Actions only the Electron app can do (they touch the desktop, not the hub). */
export interface DesktopApi {
  /** Opens a run's log file in the user's editor. */
  openLogFile(runId: string): Promise<void>;
  /** Opens the jobs folder in Explorer. */
  openJobsFolder(): Promise<void>;
}

/** Everything the window may call: the hub's API plus the desktop actions. */
export type BridgeApi = HubApi & DesktopApi;
export type BridgeMethod = keyof BridgeApi;

/** `window.hub`: one function per channel, answering IpcResult; plus the event stream and dropped-file paths. */
export type HubBridge = {
  [K in BridgeMethod]: (
    ...args: Parameters<BridgeApi[K]>
  ) => Promise<IpcResult<Awaited<ReturnType<BridgeApi[K]>>>>;
} & {
  /** Subscribes to hub events; returns the unsubscribe function. */
  onEvent(listener: (event: HubEvent) => void): () => void;
  /** The file-system path of a dropped File (webUtils.getPathForFile in the app). */
  pathForFile(file: File): string;
  /**
   * Main asks the window to show one run (a notification or a tray entry was clicked). A request made before
   * the first subscription is kept and delivered to it, so a window that is still loading does not miss it.
   * Optional: the Electron preload provides it; a test harness may leave it out.
   */
  onShowRun?(listener: (runId: string) => void): () => void;
};

const runId = z.string().min(1).max(100);
const jobName = z.string().min(1).max(200);
const path = z.string().min(1).max(4096);
const none = z.tuple([]);

/**
 * Argument schemas, one per channel: main validates every payload with these before the hub sees it.
 * A tuple per method, matching its parameters; strict objects so that unexpected keys are refused.
 */
export const ipcArguments = {
  listJobs: none,
  listRunning: none,
  getHistory: z.tuple([
    z.strictObject({
      limit: z.number().int().min(1).max(10_000).optional(),
      jobName: jobName.optional(),
      failuresOnly: z.boolean().optional(),
    }),
  ]),
  getRun: z.tuple([runId]),
  readLog: z.tuple([
    runId,
    z
      .number()
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .optional(),
  ]),
  runJob: z.tuple([jobName]),
  cancelRun: z.tuple([runId]),
  setJobEnabled: z.tuple([jobName, z.boolean()]),
  setTriggersPaused: z.tuple([z.boolean()]),
  getSettings: none,
  updateSettings: z.tuple([settingsPatchSchema]),
  previewJobFile: z.tuple([path]),
  runJobFile: z.tuple([path]),
  addJobFile: z.tuple([path]),
  getNotices: none,
  jobsFolder: none,
  openLogFile: z.tuple([runId]),
  openJobsFolder: none,
} satisfies { [K in BridgeMethod]: z.ZodType };

/** The methods, in a stable order (the preload and the main process build their tables from this). */
export const bridgeMethods = Object.keys(ipcArguments) as BridgeMethod[];
