import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from './app-identity';

export const WINDOW_WIDTH = 480;
export const WINDOW_HEIGHT = 640;

/**
 * The main window's options (Electron's security checklist): an isolated, sandboxed renderer
 * without Node, with web security on; it talks to main only through the preload's `window.hub`. The window
 * starts hidden and is shown once loaded (no white flash); closing it hides it to the tray (see window.ts).
 */
export function mainWindowOptions(paths: {
  preload: string;
  icon?: string;
}): BrowserWindowConstructorOptions {
  return {
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
    minWidth: 360,
    minHeight: 420,
    title: PRODUCT_NAME,
    show: false,
    autoHideMenuBar: true,
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
