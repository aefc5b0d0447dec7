import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog } from 'electron';
import type { HubEvent } from '../../shared/hub-api';
import { Hub } from '../core/hub/hub';
import { type Shell, startShell } from './app-shell';
import { APP_ID, PRODUCT_NAME } from './model/app-identity';
import { type LaunchRequest, parseLaunchArgs, secondInstanceArgv } from './model/launch-args';
import { appUserDataDir, assetsDir, chromiumDataDir, hubDataDir } from './model/paths';
import { startupErrorText } from './model/startup-error';
import { rendererLocation } from './model/trusted-sender';

// The Electron entry: identity and folders first (before anything reads userData), then the single-instance
// lock, then the hub, then the shell (app-shell.ts) that wires the hub to tray, window, notifications, IPC.

const here = import.meta.dirname;
const platform = process.platform;

app.setName(PRODUCT_NAME);
app.setPath('userData', appUserDataDir(app.getPath('appData'), platform));
app.setPath('sessionData', chromiumDataDir(process.env, platform, app.getPath('userData')));
// Windows shows toasts only for an app whose AppUserModelId matches its Start-menu shortcut (electron-builder's appId).
if (platform === 'win32') app.setAppUserModelId(APP_ID);

const launchOf = (argv: readonly string[], cwd: string): LaunchRequest =>
  parseLaunchArgs(argv, { cwd, platform, defaultApp: process.defaultApp === true });

// The second instance sends its argv as additionalData: the argv Electron hands over may be reordered.
if (!app.requestSingleInstanceLock({ argv: process.argv })) {
  app.quit();
} else {
  void start();
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
  const dataDir = hubDataDir(process.env, app.getPath('userData'));

  // Events emitted while the hub opens (runs recovered after a crash) wait for the shell.
  const early: HubEvent[] = [];
  let deliver = (event: HubEvent) => {
    early.push(event);
  };
  let hub: Hub;
  try {
    hub = await Hub.open({ dataDir, onEvent: (event) => deliver(event) });
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
