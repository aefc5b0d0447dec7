import { pathToFileURL } from 'node:url';
import { BrowserWindow, type WebContents } from 'electron';
import type { JobPreview } from '../../shared/hub-api';
import { SHOW_PREVIEW_CHANNEL, SHOW_RUN_CHANNEL } from '../../shared/ipc-channels';
import { isPermissionAllowed } from './model/permissions';
import { isRendererUrl, isSameDocument, type RendererLocation } from './model/trusted-sender';
import { mainWindowOptions } from './model/window-options';

export interface MainWindowOptions {
  preload: string;
  icon?: string;
  /** The built index.html (loaded when `location` is a file location). */
  indexFile: string;
  location: RendererLocation;
  /** The user sees the window (shown or focused): problems count as seen. */
  onSeen: () => void;
}

/** The one window: created on first use, hidden (not closed) by its close button, shown from the tray. */
export interface MainWindow {
  /** Shows and focuses the window (creating it if needed); with a runId, on that run. */
  show(runId?: string): void;
  /** Shows the window on a job file's preview (the app was started with one); nothing runs until Run. */
  showPreview(preview: JobPreview): void;
  /** Sends to the page if the window exists (hub events: a window that does not exist needs none). */
  send(channel: string, payload: unknown): void;
  /** The page's webContents id, for checking IPC senders; null without a window. */
  webContentsId(): number | null;
  /**
   * Whether a frame URL is the page this window committed (Chromium's spelling of it, read from the
   * navigation itself rather than rebuilt from a path: the two differ for `%` and other characters in a
   * profile path). False until our page has committed.
   */
  isOurPage(frameUrl: string): boolean;
  /** From now on close really closes (the app is quitting). */
  allowClose(): void;
}

export function createMainWindow(options: MainWindowOptions): MainWindow {
  let window: BrowserWindow | null = null;
  let closable = false;
  // The document our window committed, and whether it has finished loading (its preload listens by then).
  let committedPage: string | null = null;
  let pageLoaded = false;
  // The latest "show this run" request, kept until the page has loaded: a request sent while the window is
  // still being created or reloaded would reach no preload.
  let pendingRun: string | null = null;
  let pendingPreview: JobPreview | null = null;

  const deliverRun = (target: BrowserWindow): void => {
    if (!pageLoaded || target.webContents.isDestroyed()) return;
    if (pendingRun !== null) target.webContents.send(SHOW_RUN_CHANNEL, pendingRun);
    if (pendingPreview !== null) target.webContents.send(SHOW_PREVIEW_CHANNEL, pendingPreview);
    pendingRun = null;
    pendingPreview = null;
  };

  const create = (): BrowserWindow => {
    const created = new BrowserWindow(
      mainWindowOptions({ preload: options.preload, ...(options.icon ? { icon: options.icon } : {}) }),
    );
    const contents = created.webContents;
    harden(contents);
    committedPage = null;
    pageLoaded = false;
    created.on('close', (event) => {
      if (closable) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) {
        window = null;
        committedPage = null;
        pageLoaded = false;
      }
    });
    created.on('show', options.onSeen);
    created.on('focus', options.onSeen);
    contents.on('did-start-loading', () => {
      pageLoaded = false;
    });
    contents.on('did-navigate', (_event, url) => {
      // Navigation away is refused (harden), so this is our page loading or reloading.
      committedPage = isRendererUrl(url, options.location) ? url : null;
    });
    contents.on('did-finish-load', () => {
      pageLoaded = true;
      deliverRun(created);
    });
    contents.on('render-process-gone', (_event, details) => {
      console.error(
        `Automation Hub: the window's renderer ended (${details.reason}); it reopens on next show.`,
      );
      if (!created.isDestroyed()) created.destroy();
    });
    created.once('ready-to-show', () => {
      created.show();
      created.focus();
    });
    // The page's URL is built here, percent-encoded completely, rather than by loadFile (url.format leaves
    // `%` alone, so a folder named `50%20off` would be read as "50 off").
    const url =
      options.location.kind === 'dev-server' ? options.location.url : pathToFileURL(options.indexFile).href;
    contents
      .loadURL(url)
      .catch((error: unknown) => console.error('Automation Hub: the window did not load:', error));
    return created;
  };

  const current = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);

  const showTarget = (): BrowserWindow => {
    let target = current();
    if (!target) {
      target = create();
      window = target;
    } else {
      if (target.isMinimized()) target.restore();
      target.show();
      target.focus();
    }
    return target;
  };

  return {
    show(runId) {
      const target = showTarget();
      if (runId !== undefined) {
        pendingRun = runId;
        deliverRun(target);
      }
    },
    showPreview(preview) {
      const target = showTarget();
      pendingPreview = preview;
      deliverRun(target);
    },
    send(channel, payload) {
      const target = current();
      if (target && !target.webContents.isDestroyed()) target.webContents.send(channel, payload);
    },
    webContentsId() {
      return current()?.webContents.id ?? null;
    },
    isOurPage(frameUrl) {
      return current() !== null && committedPage !== null && isSameDocument(frameUrl, committedPage);
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
