// Linux and macOS announce a shutdown through powerMonitor and wait for apps that ask them to.
import { fake, powerMonitor } from '../electron.mjs';
import { electronEvent } from '../state.mjs';
import { find, openMenu, steps, trayImage, until } from './helpers.mjs';

export async function run() {
  await until('the tray', () => fake.trays.length > 0);
  find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
  await until('the job to run', () => trayImage().startsWith('running-1.'));
  const shutdown = electronEvent();
  powerMonitor.emit('shutdown', shutdown);
  steps.shutdownHeld = shutdown.defaultPrevented;
}
