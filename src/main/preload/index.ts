import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { HubEvent, JobPreview } from '../../shared/hub-api';
import type { HubBridge, IpcResult } from '../../shared/ipc';
import {
  BRIDGE_METHODS,
  channelOf,
  EVENT_CHANNEL,
  SHOW_PREVIEW_CHANNEL,
  SHOW_RUN_CHANNEL,
} from '../../shared/ipc-channels';
import { createShowRelay, createShowRunRelay } from './show-run-relay';

// Sandboxed preload: bundled to one CommonJS file (electron.vite.config.ts); it may require 'electron'
// and nothing else, hence the zod-free ipc-channels module. The page gets functions only, never
// ipcRenderer itself: each channel is one named function, events arrive without the IpcRendererEvent
// (whose `sender` is ipcRenderer).

const invokers = Object.fromEntries(
  BRIDGE_METHODS.map((method) => {
    const channel = channelOf(method);
    return [method, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)];
  }),
);

// Subscribed now, before the page's scripts run, so a request sent while the window loads is kept.
const showRun = createShowRunRelay();
ipcRenderer.on(SHOW_RUN_CHANNEL, (_event, runId: unknown) => {
  if (typeof runId === 'string') showRun.deliver(runId);
});
const showPreview = createShowRelay<JobPreview>('show-preview');
ipcRenderer.on(SHOW_PREVIEW_CHANNEL, (_event, preview: JobPreview) => showPreview.deliver(preview));

// The page hands over the File the user dropped; only here does it become a path (Electron's advice: the page
// need not know paths, and it cannot name one: a File built in the page has none).
function previewJobFile(file: File): Promise<IpcResult<JobPreview>> {
  let path = '';
  try {
    path = webUtils.getPathForFile(file);
  } catch {
    // Not a File at all.
  }
  if (!path) {
    const name = typeof file?.name === 'string' ? file.name : 'this file';
    return Promise.resolve({ ok: false, error: `Cannot tell where “${name}” is: drop it from a folder.` });
  }
  return ipcRenderer.invoke(channelOf('previewJobFile'), path);
}

const bridge = {
  ...invokers,
  onEvent(listener: (event: HubEvent) => void): () => void {
    const forward = (_event: unknown, hubEvent: HubEvent) => listener(hubEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  previewJobFile,
  onShowRun(listener: (runId: string) => void): () => void {
    return showRun.subscribe(listener);
  },
  onShowPreview(listener: (preview: JobPreview) => void): () => void {
    return showPreview.subscribe(listener);
  },
} as HubBridge;

contextBridge.exposeInMainWorld('hub', bridge);
