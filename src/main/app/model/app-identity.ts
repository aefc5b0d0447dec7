/**
 * The app's identity, shared by the code and the packaging: Windows shows toasts only for an app whose
 * AppUserModelId matches the Start-menu shortcut the installer creates, and electron-builder names that
 * shortcut after `appId`. test/packaging checks that electron-builder.yml says the same.
 */
export const APP_ID = 'com.automationhub.app';

/** The app's name: window titles, the tray and the data folder (%APPDATA%\Automation Hub, as the CLI uses). */
export const PRODUCT_NAME = 'Automation Hub';

/**
 * The COM class Windows starts (or calls, when the app runs) when a toast in Action Center is clicked after
 * its Notification object is gone: Electron writes it into the Start-menu shortcut and registers the exe
 * under HKCU\Software\Classes\CLSID. Fixed, so that every version registers the same class and the
 * uninstaller (build/installer.nsh) can remove it.
 */
export const TOAST_ACTIVATOR_CLSID = '{5B0C8A3E-6F1D-4C27-9A44-2E7D3B9C1F60}';

/** Who the running process says it is to Windows: name, AppUserModelId, toast activator. */
export interface AppIdentity {
  /** app.setName: window titles, and the name of the Start-menu shortcut Electron keeps for toasts. */
  name: string;
  appUserModelId: string;
  toastActivatorClsid: string;
}

/**
 * The installed app is Automation Hub. A development run (`npm start`, an unpackaged electron.exe) gets its
 * own name, AppUserModelId and activator class: Electron creates "<name>.lnk" in the Start menu and registers
 * the activator for the running exe as soon as it shows a toast, and with the installed app's identity it
 * would point the installed app's shortcut and toast clicks at node_modules' electron.exe.
 */
export function appIdentity(isPackaged: boolean): AppIdentity {
  if (isPackaged) {
    return { name: PRODUCT_NAME, appUserModelId: APP_ID, toastActivatorClsid: TOAST_ACTIVATOR_CLSID };
  }
  return {
    name: `${PRODUCT_NAME} (development)`,
    appUserModelId: `${APP_ID}.development`,
    toastActivatorClsid: '{5B0C8A3E-6F1D-4C27-9A44-2E7D3B9C1F61}',
  };
}
