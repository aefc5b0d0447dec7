// Started at login (--hidden): the window was never opened. A job runs when the user signs out.
import { endSession, fake } from '../electron.mjs';
import { find, openMenu, steps, trayImage, until } from './helpers.mjs';

export async function run() {
  await until('the tray', () => fake.trays.length > 0);
  find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
  await until('the job to run', () => trayImage().startsWith('running-1.'));
  // Its process is up and journaled.
  await new Promise((resolve) => setTimeout(resolve, 300));
  steps.windows = fake.windows.map((w) => ({ kind: w.kind, visible: w.visible }));
  endSession(JSON.parse(process.env.FAKE_SESSION_END_REASONS ?? '["logoff"]'));
}
