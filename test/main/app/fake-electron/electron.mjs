// A recording stand-in for the parts of Electron the main process uses. It keeps what the app did in
// `fake` and, once the app is ready, runs the scenario named by FAKE_ELECTRON_SCENARIO (scenario.mjs);
// on exit it writes `fake.trace` as JSON to FAKE_ELECTRON_TRACE.
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const fake = {
  trace: {
    paths: {},
    lockData: null,
    appUserModelId: null,
    loginItems: [],
    errorBoxes: [],
    messageBoxes: [],
    opened: [],
    steps: {},
    scenarioError: null,
  },
  windows: [],
  trays: [],
  menus: [],
  notifications: [],
  handlers: new Map(),
};

let finished = false;
function finish(code) {
  if (finished) return;
  finished = true;
  writeFileSync(process.env.FAKE_ELECTRON_TRACE, JSON.stringify({ ...fake.trace, exitCode: code }, null, 2));
  process.exit(code);
}
// A scenario that hangs must not hang the test.
setTimeout(() => {
  fake.trace.scenarioError ??= 'fake electron: timed out';
  finish(99);
}, 50_000).unref();

class App extends EventEmitter {
  isPackaged = false;
  #name = 'electron';
  #paths = { appData: process.env.FAKE_APPDATA ?? os.tmpdir(), temp: os.tmpdir(), home: os.homedir() };
  #ready = false;
  setName(name) {
    this.#name = name;
  }
  getName() {
    return this.#name;
  }
  getPath(name) {
    if (name === 'userData' && !this.#paths.userData) return path.join(this.#paths.appData, this.#name);
    if (!(name in this.#paths)) throw new Error(`fake electron: no path ${name}`);
    return this.#paths[name];
  }
  setPath(name, value) {
    if (this.#ready && name === 'sessionData') throw new Error('sessionData must be set before ready');
    this.#paths[name] = value;
    fake.trace.paths[name] = value;
  }
  setAppUserModelId(id) {
    fake.trace.appUserModelId = id;
  }
  requestSingleInstanceLock(data) {
    fake.trace.lockData = data ?? null;
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  getAppPath() {
    return process.cwd();
  }
  setLoginItemSettings(settings) {
    fake.trace.loginItems.push(settings);
  }
  whenReady() {
    return Promise.resolve().then(() => {
      if (this.#ready) return;
      this.#ready = true;
      this.emit('ready');
      import('./scenario.mjs')
        .then((scenario) => scenario.run(process.env.FAKE_ELECTRON_SCENARIO))
        .catch((error) => {
          fake.trace.scenarioError = String(error?.stack ?? error);
          finish(98);
        });
    });
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.emit('will-quit', { preventDefault() {} });
      finish(0);
    }
  }
  exit(code = 0) {
    finish(code);
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  static #next = 1;
  id = WebContents.#next++;
  sent = [];
  windowOpenHandler = null;
  session = {
    permissionRequest: null,
    permissionCheck: null,
    setPermissionRequestHandler: (fn) => (this.session.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (this.session.permissionCheck = fn),
  };
  isLoading() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  send(channel, payload) {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  visible = false;
  destroyed = false;
  loaded = null;
  constructor(options) {
    super();
    this.options = options;
    fake.windows.push(this);
  }
  loadFile(file) {
    this.loaded = { file };
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = { url };
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.emit('focus');
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  /** What clicking the window's close button does. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return !prevented;
  }
}

export const nativeImage = {
  createFromPath: (file) => ({ path: file, isEmpty: () => !existsSync(file) }),
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.contextMenu = null;
    this.destroyed = false;
    fake.trays.push(this);
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu) {
    this.contextMenu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate: (template) => {
    const menu = { template };
    fake.menus.push(menu);
    return menu;
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
    this.shown = false;
  }
  show() {
    this.shown = true;
    fake.notifications.push(this);
  }
}

export const ipcMain = {
  handle: (channel, handler) => {
    if (fake.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    fake.handlers.set(channel, handler);
  },
  removeHandler: (channel) => fake.handlers.delete(channel),
};

export const powerMonitor = new EventEmitter();

export const shell = {
  openPath: async (file) => {
    fake.trace.opened.push(file);
    return '';
  },
  openExternal: async (url) => {
    throw new Error(`the app must never call shell.openExternal (${url})`);
  },
};

export const dialog = {
  showErrorBox: (title, content) => fake.trace.errorBoxes.push({ title, content }),
  showMessageBox: async (options) => {
    fake.trace.messageBoxes.push(options);
    return { response: Number(process.env.FAKE_ELECTRON_QUIT_ANSWER ?? 0), checkboxChecked: false };
  },
};
