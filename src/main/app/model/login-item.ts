import { APP_ID } from './app-identity';
import { HIDDEN_FLAG } from './launch-args';

/** What app.setLoginItemSettings receives (a subset of Electron's Settings). */
export interface LoginItem {
  openAtLogin: boolean;
  path: string;
  args: string[];
  /** The Run value's name; the uninstaller (build/installer.nsh) deletes the value by this name. */
  name: string;
  /** Also marks the entry enabled in Task Manager's Startup tab (StartupApproved). */
  enabled: boolean;
}

/**
 * The login item for "Start at login": the installed exe with --hidden (straight to the tray), under the
 * name APP_ID. Null when unpackaged: a login item pointing at a development electron.exe would start a bare
 * Electron at every login.
 */
export function loginItemFor(
  startAtLogin: boolean,
  app: { isPackaged: boolean; execPath: string },
): LoginItem | null {
  if (!app.isPackaged) return null;
  return { openAtLogin: startAtLogin, path: app.execPath, args: [HIDDEN_FLAG], name: APP_ID, enabled: true };
}

/** The part of app.getLoginItemSettings() that says what Windows will do at the next login. */
export interface LoginItemState {
  openAtLogin: boolean;
  /** Windows: some Run entry starts this exe and is not disabled in Task Manager. */
  executableWillLaunchAtLogin?: boolean;
  /** Windows: every Run entry that starts this exe, with whether Task Manager lets it run. */
  launchItems?: { name: string; enabled: boolean }[];
}

/** Whether the app starts at login, as Task Manager's Startup tab shows it. */
export type StartAtLogin = 'on' | 'off' | 'disabled-in-task-manager';

/**
 * Start at login as the OS has it, which may differ from the settings: the user can disable the entry in
 * Task Manager (it stays in the Run key, marked disabled), and that choice wins over ours.
 */
export function startAtLoginState(state: LoginItemState): StartAtLogin {
  if (state.executableWillLaunchAtLogin !== undefined) {
    if (state.executableWillLaunchAtLogin) return 'on';
    return (state.launchItems ?? []).length > 0 ? 'disabled-in-task-manager' : 'off';
  }
  return state.openAtLogin ? 'on' : 'off';
}
