import type { BrowserContext, Page } from 'playwright-core';
import { createBridgeApi } from '../../src/main/app/model/bridge-api';
import { createIpcDispatcher } from '../../src/main/app/model/ipc-dispatcher';
import type { Hub } from '../../src/main/core/hub/hub';
import type { HubEvent } from '../../src/shared/hub-api';
import { BRIDGE_METHODS } from '../../src/shared/ipc-channels';

export interface BridgeOptions {
  hub: Hub;
  /** `window.hub.previewJobFile(file)` previews `<dropDir>/<file.name>`: the test writes its files there. */
  dropDir: string;
  /** The window's origin: calls from any other frame are refused, as main refuses foreign senders. */
  origin: string;
}

export interface InstalledBridge {
  /** Every path the window asked the desktop to open (a run's log, the jobs folder), in order. */
  opened: string[];
  /** Main asks the window to show a run (a notification or tray entry was clicked). */
  showRun(page: Page, runId: string): Promise<void>;
  /** Main previews a job file and asks the window to show it (the app was started with that file). */
  showPreview(page: Page, file: string): Promise<void>;
  /** Stops forwarding hub events. */
  detach(): void;
}

/**
 * Plays the preload and the main process for a browser context. The page gets a `window.hub` shaped like the
 * preload's (one function per bridge method, previewJobFile taking the dropped File, onEvent, onShowRun,
 * onShowPreview); each call goes through main's
 * own IPC dispatcher (sender check, zod validation of the arguments, errors as messages) to main's bridge API
 * on the real Hub. Only shell.openPath is replaced: it records the path instead of opening it.
 */
export async function installBridge(
  context: BrowserContext,
  options: BridgeOptions,
): Promise<InstalledBridge> {
  const { hub } = options;
  const opened: string[] = [];
  const api = createBridgeApi(hub, async (path) => {
    opened.push(path);
    return '';
  });
  const dispatch = createIpcDispatcher(api, (url) => url.startsWith(`${options.origin}/`));

  await context.exposeBinding('__hubCall', (source, method: string, args: unknown) => {
    // event.senderFrame in main: only the window's main frame is trusted.
    const senderUrl = source.frame === source.page.mainFrame() ? source.frame.url() : null;
    return dispatch(method, senderUrl, args);
  });
  await context.addInitScript(definePageBridge, { methods: [...BRIDGE_METHODS], dropDir: options.dropDir });

  // Pushes go to every page of the context in order, one evaluate after the other (as IPC sends would).
  const queues = new Map<Page, Promise<unknown>>();
  const push = (page: Page, fn: (value: never) => void, value: unknown): Promise<unknown> => {
    const next = (queues.get(page) ?? Promise.resolve())
      .then(() => page.evaluate(fn as (value: unknown) => void, value))
      // A page that is navigating or closed misses the push: it loads its state afresh anyway.
      .catch(() => {});
    queues.set(page, next);
    return next;
  };
  const detach = hub.events.on((event: HubEvent) => {
    for (const page of context.pages()) void push(page, deliverEvent, event);
  });

  return {
    opened,
    detach,
    async showRun(page, runId) {
      await push(page, deliverShowRun, runId);
    },
    async showPreview(page, file) {
      await push(page, deliverShowPreview, await api.previewJobFile(file));
    },
  };
}

interface PageGlobal {
  __hubCall(method: string, args: unknown[]): Promise<unknown>;
  __hubDeliver?: (event: unknown) => void;
  __hubShowRun?: (runId: string) => void;
  __hubShowPreview?: (preview: unknown) => void;
}

/** Runs in the page before its scripts: what the preload's contextBridge.exposeInMainWorld('hub', …) gives. */
function definePageBridge({ methods, dropDir }: { methods: string[]; dropDir: string }): void {
  const page = globalThis as unknown as PageGlobal;
  const listeners = new Set<(event: unknown) => void>();
  const showRunListeners = new Set<(runId: string) => void>();
  // As the preload's show-run relay: a request made before anyone listens waits for the first listener.
  let waiting: string | null = null;
  const bridge: Record<string, unknown> = {};
  for (const method of methods) {
    bridge[method] = (...args: unknown[]) => page.__hubCall(method, args);
  }
  bridge.onEvent = (listener: (event: unknown) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  // The preload's previewJobFile: the File becomes a path here, never in the page (webUtils.getPathForFile).
  bridge.previewJobFile = (file: { name: string }) =>
    page.__hubCall('previewJobFile', [`${dropDir}/${file.name}`]);
  const showPreviewListeners = new Set<(preview: unknown) => void>();
  bridge.onShowPreview = (listener: (preview: unknown) => void) => {
    showPreviewListeners.add(listener);
    return () => {
      showPreviewListeners.delete(listener);
    };
  };
  bridge.onShowRun = (listener: (runId: string) => void) => {
    showRunListeners.add(listener);
    if (waiting !== null) {
      const runId = waiting;
      waiting = null;
      listener(runId);
    }
    return () => {
      showRunListeners.delete(listener);
    };
  };
  const each = <T>(set: Set<(value: T) => void>, value: T) => {
    for (const listener of set) {
      try {
        listener(value);
      } catch (error) {
        console.error('window.hub listener failed', error);
      }
    }
  };
  Object.defineProperty(page, '__hubDeliver', { value: (event: unknown) => each(listeners, event) });
  Object.defineProperty(page, '__hubShowRun', {
    value: (runId: string) => {
      if (showRunListeners.size === 0) waiting = runId;
      else each(showRunListeners, runId);
    },
  });
  Object.defineProperty(page, '__hubShowPreview', {
    value: (preview: unknown) => each(showPreviewListeners, preview),
  });
  Object.defineProperty(page, 'hub', { value: Object.freeze(bridge), enumerable: true });
}

function deliverEvent(event: unknown): void {
  (globalThis as unknown as PageGlobal).__hubDeliver?.(event);
}

function deliverShowRun(runId: string): void {
  (globalThis as unknown as PageGlobal).__hubShowRun?.(runId);
}

function deliverShowPreview(preview: unknown): void {
  (globalThis as unknown as PageGlobal).__hubShowPreview?.(preview);
}
