import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { HubEvent } from '../../shared/hub-api';
import type { HubBridge } from '../../shared/ipc';
import { BRIDGE_METHODS, channelOf, EVENT_CHANNEL, SHOW_RUN_CHANNEL } from '../../shared/ipc-channels';
import { createShowRunRelay } from './show-run-relay';

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

const bridge = {
  ...invokers,
  onEvent(listener: (event: HubEvent) => void): () => void {
    const forward = (_event: unknown, hubEvent: HubEvent) => listener(hubEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  onShowRun(listener: (runId: string) => void): () => void {
    return showRun.subscribe(listener);
  },
} as HubBridge;

contextBridge.exposeInMainWorld('hub', bridge);
