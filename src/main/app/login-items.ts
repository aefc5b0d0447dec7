import { app } from 'electron';
import { loginItemFor } from './model/login-item';

/** Makes Windows' login item follow settings.startAtLogin (unpackaged builds leave the OS alone). */
export function applyStartAtLogin(startAtLogin: boolean): void {
  const item = loginItemFor(startAtLogin, {
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    env: process.env,
  });
  if (!item) return;
  try {
    app.setLoginItemSettings(item);
  } catch (error) {
    console.error('Automation Hub: could not change the login item:', error);
  }
}
