import type { HubApi, HubEvent, JobPreview } from './hub-api';

// Types only: ipc-channels.ts (loaded by the sandboxed preload) and ipc.ts (zod schemas) both use them.

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

/**
 * `window.hub`: one function per channel, answering IpcResult; plus the event stream. The page never names a
 * path to preview: it hands over the File the user dropped, and the preload asks main about the file that File
 * points to (webUtils.getPathForFile), so a script in the page can preview, run or add only files the user gave it.
 */
export type HubBridge = {
  [K in Exclude<BridgeMethod, 'previewJobFile'>]: (
    ...args: Parameters<BridgeApi[K]>
  ) => Promise<IpcResult<Awaited<ReturnType<BridgeApi[K]>>>>;
} & {
  /** Previews a dropped File; refused when it is not a file on disk (built in the page, or from no folder). */
  previewJobFile(file: File): Promise<IpcResult<JobPreview>>;
  /** Subscribes to hub events; returns the unsubscribe function. */
  onEvent(listener: (event: HubEvent) => void): () => void;
  /**
   * Main asks the window to show one run (a notification or a tray entry was clicked). A request made before
   * the first subscription is kept and delivered to it, so a window that is still loading does not miss it.
   * Optional: the Electron preload provides it; a test harness may leave it out.
   */
  onShowRun?(listener: (runId: string) => void): () => void;
  /**
   * Main asks the window to show a job file's preview (the app was started with a job file): nothing runs until
   * the user presses Run there. Kept for the first subscriber like onShowRun; optional in the same way.
   */
  onShowPreview?(listener: (preview: JobPreview) => void): () => void;
};
