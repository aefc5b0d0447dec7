// The installer runs `Automation Hub.exe --quit` while a job runs: the running app hears it as a second
// instance and quits the usual way (asking about the running job; the test answers).
import { app, fake } from '../electron.mjs';
import { electronEvent } from '../state.mjs';
import { find, openMenu, trayImage, until } from './helpers.mjs';

export async function run() {
  await until('the tray', () => fake.trays.length > 0);
  find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
  await until('the job to run', () => trayImage().startsWith('running-1.'));
  const argv = ['C:\\Program Files\\Automation Hub\\Automation Hub.exe', '--quit'];
  app.emit('second-instance', electronEvent(), argv, 'C:\\Windows\\System32', { argv });
}
