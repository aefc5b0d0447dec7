/**
 * The app's identity, shared by the code and the packaging: Windows shows toasts only for an app whose
 * AppUserModelId matches the Start-menu shortcut the installer creates, and electron-builder names that
 * shortcut after `appId`. test/packaging checks that electron-builder.yml says the same.
 */
export const APP_ID = 'com.automationhub.app';

/** The app's name: window titles, the tray and the data folder (%APPDATA%\Automation Hub, as the CLI uses). */
export const PRODUCT_NAME = 'Automation Hub';
