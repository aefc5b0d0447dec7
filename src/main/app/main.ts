import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';

// Placeholder window until the tray application lands.
app.whenReady().then(() => {
  const window = new BrowserWindow({
    width: 480,
    height: 640,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
});
