// A recording stand-in for the parts of Electron the main process uses, strict where Electron is (see each
// module). It keeps what the app did in `fake` and, once the app is ready, runs the scenario named by
// FAKE_ELECTRON_SCENARIO (scenarios/); when the process ends it writes `fake.trace` to FAKE_ELECTRON_TRACE.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { app } from './app.mjs';
import { Notification, toasts } from './notifications.mjs';
import { electronEvent, fake, finish, violation } from './state.mjs';
import { BaseWindow, BrowserWindow } from './windows.mjs';

export { app, BaseWindow, BrowserWindow, fake, Notification, toasts };

if (app.isPackaged) process.resourcesPath = process.env.FAKE_RESOURCES_PATH;

fake.onReady = () => {
  import('./scenarios/index.mjs')
    .then((scenarios) => scenarios.run(process.env.FAKE_ELECTRON_SCENARIO))
    .catch((error) => {
      fake.trace.scenarioError = String(error?.stack ?? error);
      finish(98, 'scenario failed');
    });
};

/** Electron decodes ICO files on Windows only; elsewhere such an image is empty. */
export const nativeImage = {
  createFromPath: (file) => ({
    path: file,
    isEmpty: () => !existsSync(file) || (file.endsWith('.ico') && process.platform !== 'win32'),
  }),
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    if (!fake.ready) throw new Error('Cannot create Tray before app is ready');
    if (image.isEmpty()) violation(`an empty tray image (${image.path})`);
    this.image = image;
    this.tooltip = '';
    this.contextMenu = null;
    this.destroyed = false;
    fake.trays.push(this);
  }
  setImage(image) {
    if (image.isEmpty()) violation(`an empty tray image (${image.path})`);
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
  setApplicationMenu: (menu) => {
    fake.trace.applicationMenu = menu === null ? null : 'custom';
  },
  getApplicationMenu: () => (fake.trace.applicationMenu === 'default' ? { items: [] } : null),
};

export const ipcMain = {
  handle: (channel, handler) => {
    if (fake.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.handlers.set(channel, handler);
  },
  removeHandler: (channel) => fake.handlers.delete(channel),
  on: (channel) => {
    fake.trace.ipcListeners.push(channel);
  },
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

/**
 * Windows ends the session: every top-level window gets WM_QUERYENDSESSION (`query-session-end`), then
 * WM_ENDSESSION (`session-end`), after which Electron ends the process at once (and Windows would anyway):
 * nothing asynchronous the handlers started gets to run. An app without a visible window that tries to hold
 * the session up is ended by Windows.
 */
export function endSession(reasons) {
  const windows = fake.windows.filter((w) => !w.destroyed);
  fake.trace.lifecycle.push(`session ends (${windows.length} windows hear it)`);
  for (const window of windows) {
    const query = electronEvent({ reasons });
    window.emit('query-session-end', query);
    if (query.defaultPrevented && !windows.some((w) => w.visible)) {
      violation('held the end of the session up without a visible window (Windows ends such apps)');
      finish(0, 'ended by Windows');
    }
  }
  for (const window of windows) window.emit('session-end', electronEvent({ reasons }));
  finish(0, 'session ended');
}

// Electron's module is CommonJS: a default import (`import electron from 'electron'`) is the
// whole module object.
export default {
  app,
  BaseWindow,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  shell,
  Tray,
};
