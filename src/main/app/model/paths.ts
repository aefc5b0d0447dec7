import path from 'node:path';
import { PRODUCT_NAME } from './app-identity';

/**
 * The hub's data folder: AUTOMATION_HUB_HOME when set (as the CLI honours it), else Electron's userData,
 * which is %APPDATA%\Automation Hub once the app's name is set, the CLI's default on Windows.
 */
export function hubDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  return env.AUTOMATION_HUB_HOME?.trim() || userData;
}

/**
 * Where Chromium keeps its caches, local storage and crash dumps. Not the data folder: that one holds the
 * user's jobs, history and logs (and roams on Windows), and Chromium's GPUCache has no business there.
 * %LOCALAPPDATA% on Windows (machine-local, not roaming); a subfolder of userData elsewhere.
 */
export function chromiumDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, userData: string): string {
  const local = env.LOCALAPPDATA?.trim();
  if (platform === 'win32' && local) return path.win32.join(local, PRODUCT_NAME, 'Chromium');
  return path.join(userData, 'Chromium');
}

/**
 * The folder holding icon.ico and tray/: electron-builder copies assets/ next to app.asar (extraResources,
 * see electron-builder.yml) because Windows' tray and toast APIs need real files; unpackaged, the repo's own.
 */
export function assetsDir(app: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return app.isPackaged ? path.join(app.resourcesPath, 'assets') : path.join(app.appPath, 'assets');
}

/** Electron's userData: %APPDATA%\Automation Hub, the CLI's default data folder, set explicitly rather than
 * left to package.json's name (which would give %APPDATA%\automation-hub when run unpackaged). */
export function appUserDataDir(appData: string, platform: NodeJS.Platform): string {
  return (platform === 'win32' ? path.win32 : path).join(appData, PRODUCT_NAME);
}
