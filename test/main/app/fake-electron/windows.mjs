// BaseWindow, BrowserWindow and WebContents as the app meets them. Loading is asynchronous and ordered as in
// Chromium: loadURL starts loading at once (isLoading() is true until the page has loaded), did-start-loading
// follows, the navigation commits (did-navigate with the URL Chromium built, the preload now listens), then
// dom-ready, did-finish-load, did-stop-loading, and ready-to-show once per window. Messages sent before the
// page committed reach no preload: they are dropped, as in Electron. Sent payloads are structured-cloned.
import { EventEmitter } from 'node:events';
import { committedUrl, loadFileUrl } from './chromium-url.mjs';
import { electronEvent, fake, violation } from './state.mjs';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

class WebContents extends EventEmitter {
  static #next = 1;
  id = WebContents.#next++;
  /** Delivered to the page's preload: { channel, payload }. */
  sent = [];
  /** Sent before the page committed: lost. */
  dropped = [];
  windowOpenHandler = null;
  #url = '';
  #loading = false;
  #committed = false;
  #destroyed = false;
  #owner;
  constructor(owner) {
    super();
    this.#owner = owner;
    this.session = {
      permissionRequest: null,
      permissionCheck: null,
      setPermissionRequestHandler: (fn) => {
        this.session.permissionRequest = fn;
      },
      setPermissionCheckHandler: (fn) => {
        this.session.permissionCheck = fn;
      },
    };
  }
  loadURL(target) {
    if (typeof target !== 'string') throw new TypeError('Must pass a URL as a string');
    const url = committedUrl(target);
    this.#loading = true;
    this.#committed = false;
    setImmediate(() => this.emit('did-start-loading'));
    return (async () => {
      await tick();
      if (this.#destroyed) throw new Error('ERR_ABORTED');
      this.#url = url;
      this.#committed = true;
      this.emit('did-navigate', electronEvent(), url, 200, 'OK');
      await tick();
      this.emit('dom-ready', electronEvent());
      await tick();
      this.#loading = false;
      this.emit('did-finish-load', electronEvent());
      this.emit('did-stop-loading', electronEvent());
      this.#owner.paintedOnce();
    })();
  }
  loadFile(file) {
    // Electron resolves against app.getAppPath(), i.e. the working directory here.
    return this.loadURL(loadFileUrl(process.cwd(), file));
  }
  getURL() {
    return this.#url;
  }
  isLoading() {
    return this.#loading;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  destroyNow() {
    this.#destroyed = true;
  }
  send(channel, ...args) {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    const payload = structuredClone(args[0]);
    (this.#committed ? this.sent : this.dropped).push({ channel, payload });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

/** A native window without web contents (Electron ≥ 30); also the base of BrowserWindow. */
export class BaseWindow extends EventEmitter {
  static #next = 1;
  id = BaseWindow.#next++;
  visible = false;
  destroyed = false;
  constructor(options = {}, kind = 'BaseWindow') {
    super();
    if (!fake.ready) throw new Error(`Cannot create ${kind} before app is ready`);
    this.options = options;
    this.kind = kind;
    fake.windows.push(this);
    if (options.show !== false) setImmediate(() => this.show());
  }
  show() {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {
    this.emit('focus');
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  /** Closes without asking ('close' is not emitted); 'closed' follows. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents?.destroyNow();
    setImmediate(() => {
      this.emit('closed');
      windowClosed(this);
    });
  }
  /** What the close button, taskbar "Close window" and app.quit do: 'close' may be prevented. */
  close() {
    if (this.destroyed) return true;
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
}

export class BrowserWindow extends BaseWindow {
  #painted = false;
  constructor(options = {}) {
    super({ ...options, show: options.show }, 'BrowserWindow');
    this.webContents = new WebContents(this);
    if (options.webPreferences?.nodeIntegration) violation('a window with nodeIntegration');
  }
  /** win.loadURL / win.loadFile: the window's contents load it. */
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  loadFile(file) {
    return this.webContents.loadFile(file);
  }
  /** Called by the contents once the first frame is painted. */
  paintedOnce() {
    if (this.#painted || this.destroyed) return;
    this.#painted = true;
    // A window destroyed meanwhile emits nothing more, in Electron as here (its native window is gone).
    setTimeout(() => {
      if (!this.destroyed) this.emit('ready-to-show');
    }, 5);
  }
}

/** Electron emits window-all-closed when the last window closes, except while quitting. */
function windowClosed() {
  if (fake.windows.every((w) => w.destroyed)) fake.onAllWindowsClosed?.();
}
