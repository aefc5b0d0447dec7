// The installed app, from a profile folder whose name Chromium and Node spell differently in URLs, on a
// first start (no data folders yet), with its login entry turned off in Task Manager.
import { fake } from '../electron.mjs';
import { find, fromPage, invoke, mainWindow, openMenu, steps, until } from './helpers.mjs';

export async function run() {
  await until('the tray and the window', () => fake.trays.length > 0 && mainWindow()?.visible);
  const window = mainWindow();
  steps.pageUrl = window.webContents.getURL();
  steps.listJobs = await invoke('hub:listJobs', fromPage(window));
  steps.settingsAtStart = await invoke('hub:getSettings', fromPage(window));
  const entry = () => find(openMenu(), 'Start at login');
  steps.menuAtStart = { label: entry().label, checked: entry().checked };
  steps.loginCallsAtStart = fake.trace.loginItemCalls.length;
  entry().click();
  await until('start at login to be on', () => entry().checked === true);
  steps.menuAfterToggle = { label: entry().label, checked: entry().checked };
  steps.registryAfterToggle = structuredClone(fake.trace.loginRegistry);
  find(openMenu(), 'Quit').click();
}
