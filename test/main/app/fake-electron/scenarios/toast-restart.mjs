// Windows started the app to deliver a click on a toast from its previous life (still in Action Center):
// the activation waits in Electron until the app asks for it, and the window opens on that run.
import { find, mainWindow, openMenu, showRuns, steps, until } from './helpers.mjs';

export async function run() {
  await until('the window', () => mainWindow() !== undefined);
  const window = mainWindow();
  await until('the run on the page', () => showRuns(window).delivered.length > 0);
  await until('the page to have loaded', () => !window.webContents.isLoading());
  steps.shown = showRuns(window);
  find(openMenu(), 'Quit').click();
}
