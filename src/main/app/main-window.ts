import { BrowserWindow, type WebContents } from 'electron';
import { SHOW_RUN_CHANNEL } from '../../shared/ipc-channels';
import { isPermissionAllowed } from './model/permissions';
import type { RendererLocation } from './model/trusted-sender';
import { mainWindowOptions } from './model/window-options';

export interface MainWindowOptions {
  preload: string;
  icon?: string;
  /** The built index.html (loaded when `location` is a file location). */
  indexFile: string;
  location: RendererLocation;
  /** The user sees the window (shown or focused): problems count as seen. */
  onSeen: () => void;
  /** Windows is ending the session (log off, shutdown): last chance to record running jobs. */
  onSessionEnd: () => void;
}

/** The one window: created on first use, hidden (not closed) by its close button, shown from the tray. */
export interface MainWindow {
  /** Shows and focuses the window (creating it if needed); with a runId, on that run. */
  show(runId?: string): void;
  /** Sends to the page if the window exists (hub events: a window that does not exist needs none). */
  send(channel: string, payload: unknown): void;
  /** The page's webContents id, for checking IPC senders; null without a window. */
  webContentsId(): number | null;
  /** From now on close really closes (the app is quitting). */
  allowClose(): void;
}

export function createMainWindow(options: MainWindowOptions): MainWindow {
  let window: BrowserWindow | null = null;
  let closable = false;

  const create = (): BrowserWindow => {
    const created = new BrowserWindow(
      mainWindowOptions({ preload: options.preload, ...(options.icon ? { icon: options.icon } : {}) }),
    );
    harden(created.webContents);
    created.on('close', (event) => {
      if (closable) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created.on('show', options.onSeen);
    created.on('focus', options.onSeen);
    created.on('session-end', options.onSessionEnd);
    created.webContents.on('render-process-gone', (_event, details) => {
      console.error(
        `Automation Hub: the window's renderer ended (${details.reason}); it reopens on next show.`,
      );
      if (!created.isDestroyed()) created.destroy();
    });
    created.once('ready-to-show', () => {
      created.show();
      created.focus();
    });
    const loading =
      options.location.kind === 'dev-server'
        ? created.loadURL(options.location.url)
        : created.loadFile(options.indexFile);
    loading.catch((error: unknown) => console.error('Automation Hub: the window did not load:', error));
    return created;
  };

  const current = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);

  return {
    show(runId) {
      let target = current();
      if (!target) {
        target = create();
        window = target;
      } else {
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
      }
      if (runId !== undefined) {
        const contents = target.webContents;
        // Until the page has loaded its preload may not listen yet; the preload keeps a request that
        // arrives before the page subscribes (show-run-relay.ts).
        if (contents.isLoading())
          contents.once('did-finish-load', () => contents.send(SHOW_RUN_CHANNEL, runId));
        else contents.send(SHOW_RUN_CHANNEL, runId);
      }
    },
    send(channel, payload) {
      const target = current();
      if (target && !target.webContents.isDestroyed()) target.webContents.send(channel, payload);
    },
    webContentsId() {
      return current()?.webContents.id ?? null;
    },
    allowClose() {
      closable = true;
    },
  };
}

/**
 * Electron's checklist beyond the window options: the page never navigates (it is a single page; a
 * dropped file or a link must not replace it), opens no windows, attaches no webviews, and gets no web
 * permission it does not need.
 */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission)),
  );
  contents.session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
}
