// Windows toasts: a failure's toast moves to Action Center (Electron says `close`, reason timedOut) and is
// clicked there later; a job whose output holds characters XML forbids still gets its toast.
import { fake, toasts } from '../electron.mjs';
import { toastCenter } from '../notifications.mjs';
import { find, mainWindow, openMenu, showRuns, steps, until } from './helpers.mjs';

export async function run() {
  await until('the tray', () => fake.trays.length > 0);
  find(find(openMenu(), 'Run now').submenu, 'Fails').click();
  await until('the failure toast', () => toastCenter.length > 0);
  const toast = toastCenter[0];
  steps.toast = { title: toast.title, body: toast.body, launch: toast.launch };
  toasts.timeOut(toast);
  // FAKE_TOAST_FLOOD: more toasts come meanwhile (here: Run now of a job that is already running, each
  // refusal reported). Its run is cancelled again before quitting.
  const flood = Number(process.env.FAKE_TOAST_FLOOD ?? 0);
  if (flood > 0) {
    find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
    await until('Sleeps to run', () => openMenu()[0]?.label === 'Running (1)');
    for (let i = 0; i < flood; i++) find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
  }
  await until('the flood of toasts', () => toastCenter.length > flood);
  // Time passes before the user opens Action Center.
  await new Promise((resolve) => setTimeout(resolve, 200));
  steps.clickReached = await toasts.click(toast);
  await until('the window', () => mainWindow() !== undefined);
  const window = mainWindow();
  await until('the run on the page', () => showRuns(window).delivered.length > 0);
  steps.shown = showRuns(window);

  find(find(openMenu(), 'Run now').submenu, 'Beeps').click();
  await until(
    'the second toast or its failure',
    () => toastCenter.length > 1 || fake.trace.toastFailures.length > 0,
  );
  steps.beeps = toastCenter[1] ? { title: toastCenter[1].title, body: toastCenter[1].body } : null;

  if (flood > 0) {
    find(openMenu()[1].submenu, 'Cancel').click();
    await until('Sleeps to be cancelled', () => openMenu()[0]?.label !== 'Running (1)');
  }
  find(openMenu(), 'Quit').click();
}
