// The `app` module. Strict where Electron is: setPath wants an absolute path to an existing folder ("Failed
// to set path" otherwise), setToastActivatorCLSID a GUID; quit() runs before-quit (preventable), closes every
// window (one that prevents its close cancels the quit), then will-quit (preventable) and quit. The login
// item follows Windows' registry as Electron writes and reads it (browser_win.cc): Run\<name> holds the
// command line, StartupApproved\Run\<name> Task Manager's switch (a value starting 03 = disabled).
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronEvent, fake, finish, violation } from './state.mjs';

const PATH_NAMES = new Set([
  'home',
  'appData',
  'userData',
  'sessionData',
  'temp',
  'exe',
  'module',
  'desktop',
  'documents',
  'downloads',
  'music',
  'pictures',
  'videos',
  'recent',
  'logs',
  'crashDumps',
]);

const registry = JSON.parse(process.env.FAKE_LOGIN_REGISTRY ?? '{"run":{},"approved":{}}');

/** A Run value as Electron writes it (FormatCommandLineString: each part quoted when it has blanks). */
export function commandLine(parts) {
  return parts.map((part) => (/[\s"]/.test(part) ? `"${part.replace(/"/g, '\\"')}"` : part)).join(' ');
}

/** The parts of a Run value (base::CommandLine::FromString, without its rarer escapes). */
function parseCommandLine(text) {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]).replace(/\\"/g, '"'));
}
fake.trace.loginRegistry = registry;

class App extends EventEmitter {
  isPackaged = process.env.FAKE_PACKAGED === '1';
  #name = 'Automation Hub';
  #paths = { appData: process.env.FAKE_APPDATA ?? os.tmpdir(), temp: os.tmpdir(), home: os.homedir() };
  #quitting = false;
  #appUserModelId = null;
  setName(name) {
    this.#name = name;
  }
  getName() {
    return this.#name;
  }
  getVersion() {
    return '0.1.0';
  }
  isReady() {
    return fake.ready;
  }
  getPath(name) {
    if (name === 'userData' && !this.#paths.userData) return path.join(this.#paths.appData, this.#name);
    if (name === 'sessionData' && !this.#paths.sessionData) return this.getPath('userData');
    if (!(name in this.#paths)) throw new Error(`Failed to get '${name}' path`);
    return this.#paths[name];
  }
  setPath(name, value) {
    if (!path.isAbsolute(value)) throw new Error('Path must be absolute');
    let isFolder = false;
    try {
      isFolder = statSync(value).isDirectory();
    } catch {}
    if (!PATH_NAMES.has(name) || !isFolder) throw new Error('Failed to set path');
    if (fake.ready && name === 'sessionData')
      violation('sessionData set after ready (Chromium already uses it)');
    this.#paths[name] = value;
    fake.trace.paths[name] = value;
  }
  setAppUserModelId(id) {
    this.#appUserModelId = id;
    fake.trace.appUserModelId = id;
  }
  setToastActivatorCLSID(id) {
    const match = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(id ?? '');
    if (!match) throw new Error('Invalid CLSID format');
    fake.trace.toastActivatorCLSID = `{${match[1].toUpperCase()}}`;
  }
  get toastActivatorCLSID() {
    return fake.trace.toastActivatorCLSID;
  }
  requestSingleInstanceLock(additionalData) {
    fake.trace.lockData.push(additionalData ?? null);
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  getAppPath() {
    return process.env.FAKE_APP_PATH ?? process.cwd();
  }
  setLoginItemSettings(settings) {
    fake.trace.loginItemCalls.push(settings);
    const name = settings.name || this.#appUserModelId;
    if (settings.openAtLogin) {
      registry.run[name] = commandLine([settings.path, ...(settings.args ?? [])]);
      if (settings.enabled === false) registry.approved[name] = '03';
      else delete registry.approved[name];
    } else {
      delete registry.run[name];
      delete registry.approved[name];
    }
  }
  getLoginItemSettings(options = {}) {
    const exe = options.path || process.execPath;
    const launchItems = Object.entries(registry.run)
      .map(([name, command]) => [name, parseCommandLine(command)])
      .filter(([, [program]]) => program.toLowerCase() === exe.toLowerCase())
      .map(([name, [program, ...args]]) => ({
        name,
        path: program,
        args,
        scope: 'user',
        enabled: !(name in registry.approved) || ['00', '02'].includes(registry.approved[name]),
      }));
    const own = registry.run[this.#appUserModelId];
    return {
      openAtLogin: own === commandLine([exe, ...(options.args ?? [])]),
      openAsHidden: false,
      wasOpenedAtLogin: false,
      wasOpenedAsHidden: false,
      restoreState: false,
      status: 'not-registered',
      executableWillLaunchAtLogin: launchItems.some((item) => item.enabled),
      launchItems,
    };
  }
  whenReady() {
    return Promise.resolve().then(() => {
      if (fake.ready) return;
      fake.ready = true;
      // Electron builds its default menu (Reload, Toggle Developer Tools…) unless the app set one, null included.
      if (fake.trace.applicationMenu === 'unset') fake.trace.applicationMenu = 'default';
      this.emit('ready');
      fake.onReady?.();
    });
  }
  quit() {
    if (this.#quitting) return;
    const before = electronEvent();
    fake.trace.lifecycle.push('before-quit');
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.#quitting = true;
    fake.onAllWindowsClosed = () => this.#willQuit();
    const open = fake.windows.filter((w) => !w.destroyed);
    if (open.length === 0) {
      setImmediate(() => this.#willQuit());
      return;
    }
    for (const window of open) {
      fake.trace.lifecycle.push(`close ${window.kind}`);
      if (!window.close()) {
        fake.trace.lifecycle.push('quit cancelled by a window');
        this.#quitting = false;
        fake.onAllWindowsClosed = () => this.#allClosed();
        return;
      }
    }
  }
  #willQuit() {
    if (!this.#quitting) return;
    const willQuit = electronEvent();
    fake.trace.lifecycle.push('will-quit');
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    fake.trace.lifecycle.push('quit');
    this.emit('quit', electronEvent(), 0);
    finish(0, 'quit');
  }
  #allClosed() {
    this.emit('window-all-closed');
  }
  exit(code = 0) {
    fake.trace.lifecycle.push(`exit ${code}`);
    finish(code, 'exit');
  }
}

export const app = new App();
fake.onAllWindowsClosed = () => app.emit('window-all-closed');
