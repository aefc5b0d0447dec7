import { HIDDEN_FLAG } from './launch-args';

/** What app.setLoginItemSettings receives (a subset of Electron's Settings). */
export interface LoginItem {
  openAtLogin: boolean;
  path: string;
  args: string[];
}

/**
 * The login item for settings.startAtLogin (the settings are the source of truth; the OS entry follows
 * them). It starts the app with --hidden: straight to the tray. The portable build runs from a temporary
 * copy, so its login item must name the original .exe, which electron-builder's portable launcher passes
 * as PORTABLE_EXECUTABLE_FILE. Null when unpackaged: a login item pointing at a development electron.exe
 * would start a bare Electron at every login.
 */
export function loginItemFor(
  startAtLogin: boolean,
  app: { isPackaged: boolean; execPath: string; env: NodeJS.ProcessEnv },
): LoginItem | null {
  if (!app.isPackaged) return null;
  const path = app.env.PORTABLE_EXECUTABLE_FILE?.trim() || app.execPath;
  return { openAtLogin: startAtLogin, path, args: [HIDDEN_FLAG] };
}
