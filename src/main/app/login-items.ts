import { app } from 'electron';
import { loginItemFor, type StartAtLogin, startAtLoginState } from './model/login-item';

/** "Start at login" against the OS: what Task Manager shows, and changing it when the user asks. */
export interface LoginItems {
  /** Whether the OS entry exists at all (unpackaged: no, the OS is left alone). */
  readonly managed: boolean;
  /** The OS's state now; null when unmanaged. */
  read(): StartAtLogin | null;
  /** Sets the OS entry (and re-enables it in Task Manager when turning it on). Only on the user's request. */
  apply(startAtLogin: boolean): void;
}

/**
 * The login item of the installed app. Read at start and after each change; written only when the user
 * toggles the setting, never at start: re-applying it would re-enable an entry the user turned off in
 * Task Manager.
 */
export function createLoginItems(): LoginItems {
  const item = (startAtLogin: boolean) =>
    loginItemFor(startAtLogin, { isPackaged: app.isPackaged, execPath: process.execPath });
  const managed = item(false) !== null;
  return {
    managed,
    read() {
      const probe = item(true);
      if (!probe) return null;
      try {
        return startAtLoginState(app.getLoginItemSettings({ path: probe.path, args: probe.args }));
      } catch (error) {
        console.error('Automation Hub: could not read the login item:', error);
        return null;
      }
    },
    apply(startAtLogin) {
      const wanted = item(startAtLogin);
      if (!wanted) return;
      try {
        app.setLoginItemSettings(wanted);
      } catch (error) {
        console.error('Automation Hub: could not change the login item:', error);
      }
    },
  };
}
