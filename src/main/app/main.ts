import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, Menu, Notification } from 'electron';
import type { HubEvent } from '../../shared/hub-api';
import type { Hub } from '../core/hub/hub';
import { openWhenFree } from '../core/hub/open-when-free';
import { makePrivateDirSync } from '../core/private-files';
import { type Shell, startShell } from './app-shell';
import { appIdentity } from './model/app-identity';
import { type LaunchRequest, parseLaunchArgs, secondInstanceArgv } from './model/launch-args';
import { appUserDataDir, assetsDir, chromiumDataDir, hubDataDir } from './model/paths';
import { folderErrorText, startupErrorText } from './model/startup-error';
import { rendererLocation } from './model/trusted-sender';
import { requestRunningAppQuit } from './quit-request';

// The Electron entry: identity and folders first (before anything reads userData), then the single-instance
// lock, then the hub, then the shell (app-shell.ts) that wires the hub to tray, window, notifications, IPC.

const here = import.meta.dirname;
const platform = process.platform;
const identity = appIdentity(app.isPackaged);

app.setName(identity.name);
// No application menu: Electron's default one offers Reload and Toggle Developer Tools (Alt shows it) in the
// installed app. Set before ready, so the default is never built. Development keeps it.
if (app.isPackaged) Menu.setApplicationMenu(null);
// Windows shows toasts only for an app whose AppUserModelId matches its Start-menu shortcut (electron-builder's
// appId); the activator class lets a toast clicked in Action Center reach the app, even one not running.
if (platform === 'win32') {
  app.setAppUserModelId(identity.appUserModelId);
  app.setToastActivatorCLSID(identity.toastActivatorClsid);
}

const launchOf = (argv: readonly string[], cwd: string): LaunchRequest =>
  parseLaunchArgs(argv, { cwd, platform, defaultApp: process.defaultApp === true });

if (launchOf(process.argv, process.cwd()).quit) {
  // The installer asks the running app to quit; this process starts nothing.
  const dataDir = hubDataDir(process.env, appUserDataDir(app.getPath('appData'), platform));
  void requestRunningAppQuit(process.argv, dataDir).finally(() => app.exit(0));
} else if (!useOwnFolders()) {
  app.exit(1);
} else if (!app.requestSingleInstanceLock({ argv: process.argv })) {
  // The second instance sends its argv as additionalData: the argv Electron hands over may be reordered.
  app.quit();
} else {
  void start();
}

/**
 * userData is %APPDATA%\Automation Hub, the CLI's data folder (not package.json's name); Chromium's caches go
 * elsewhere (paths.ts). app.setPath refuses a folder that does not exist, which on a first start neither
 * does: both are created first. False (after telling the user) when that fails.
 */
function useOwnFolders(): boolean {
  const userData = appUserDataDir(app.getPath('appData'), platform);
  const sessionData = chromiumDataDir(process.env, platform, userData);
  for (const [name, folder] of [
    ['userData', userData],
    ['sessionData', sessionData],
  ] as const) {
    try {
      makePrivateDirSync(folder);
      app.setPath(name, folder);
    } catch (error) {
      const text = folderErrorText(folder, error);
      dialog.showErrorBox(text.title, text.content);
      return false;
    }
  }
  return true;
}

async function start(): Promise<void> {
  let shell: Shell | null = null;
  const pendingLaunches: LaunchRequest[] = [];
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    // A second start is the user asking for the app: never hidden, even if a shortcut passes --hidden.
    const request = {
      ...launchOf(secondInstanceArgv(argv, additionalData), workingDirectory),
      hidden: false,
    };
    if (shell) shell.handleLaunch(request);
    else pendingLaunches.push(request);
  });
  // A tray app: closing (hiding) the window does not quit.
  app.on('window-all-closed', () => {});

  await app.whenReady();
  // Creates Windows' notification presenter now, which registers the toast activator: when a toast click
  // started this process, Windows is waiting for it.
  Notification.isSupported();
  const dataDir = hubDataDir(process.env, app.getPath('userData'));

  // Events emitted while the hub opens (runs recovered after a crash) wait for the shell.
  const early: HubEvent[] = [];
  let deliver = (event: HubEvent) => {
    early.push(event);
  };
  let hub: Hub | null;
  try {
    hub = await openWhenFree(
      {
        dataDir,
        host: 'app',
        onEvent: (event) => deliver(event),
        // `Automation Hub.exe --quit` (the installer) or `automation-hub quit`: the Quit menu's path, prompt included.
        onQuitRequest: () => app.quit(),
      },
      (message) => console.log(`Automation Hub: ${message}`),
    );
    if (!hub) return;
  } catch (error) {
    const text = startupErrorText(error, dataDir);
    dialog.showErrorBox(text.title, text.content);
    app.exit(1);
    return;
  }

  const assets = assetsDir({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  let opened: Shell;
  try {
    opened = await startShell({
      hub,
      platform,
      assets,
      appIcon: join(assets, platform === 'win32' ? 'icon.ico' : 'icon.png'),
      notificationIcon: join(assets, 'icon.png'),
      preload: join(here, '../preload/index.cjs'),
      indexFile: join(here, '../renderer/index.html'),
      location: rendererLocation({
        isPackaged: app.isPackaged,
        devServerUrl: process.env.ELECTRON_RENDERER_URL,
        rendererFolderUrl: pathToFileURL(join(here, '../renderer/')).href,
        platform,
      }),
    });
  } catch (error) {
    const text = startupErrorText(error, dataDir);
    dialog.showErrorBox(text.title, text.content);
    await hub.close().catch(() => {});
    app.exit(1);
    return;
  }
  shell = opened;
  deliver = (event) => opened.onHubEvent(event);
  for (const event of early.splice(0)) opened.onHubEvent(event);

  opened.handleLaunch(launchOf(process.argv, process.cwd()));
  for (const request of pendingLaunches.splice(0)) opened.handleLaunch(request);
}
