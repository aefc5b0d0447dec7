// What every scenario uses: waiting, the tray and its menu, IPC calls as the window's page makes them.
import path from 'node:path';
import { fake } from '../state.mjs';

export const steps = fake.trace.steps;

export async function until(what, condition, timeoutMs = 20_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const trayImage = () => path.basename(fake.trays[0]?.image.path ?? '');
export const labels = (template) => template.map((item) => (item.type === 'separator' ? '---' : item.label));
export function find(template, label) {
  const item = template.find((entry) => entry.label === label || entry.label?.startsWith(`${label} (`));
  if (!item) throw new Error(`no menu entry "${label}" in ${labels(template).join(' | ')}`);
  return item;
}
export function openMenu() {
  fake.trays[0].emit('right-click');
  return fake.menus.at(-1).template;
}

/** The main window (not the hidden session listener). */
export const mainWindow = () => fake.windows.find((w) => w.kind === 'BrowserWindow' && !w.destroyed);

/** The IPC event of a call from the window's own page, whose URL is the one Chromium committed. */
export function fromPage(window) {
  return {
    sender: { id: window.webContents.id },
    senderFrame: { url: window.webContents.getURL(), parent: null },
  };
}

export function invoke(channel, event, ...args) {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, ...args);
}

/** The show-run requests that reached the page's preload (and those sent before it listened). */
export function showRuns(window) {
  return {
    delivered: window.webContents.sent.filter((m) => m.channel === 'app:show-run').map((m) => m.payload),
    dropped: window.webContents.dropped.filter((m) => m.channel === 'app:show-run').map((m) => m.payload),
  };
}

/** The job-file previews main asked the page to show (the app was started with a job file). */
export function shownPreviews(window) {
  return window.webContents.sent.filter((m) => m.channel === 'app:show-preview').map((m) => m.payload);
}

export function finishedEvent(window, jobName) {
  return window.webContents.sent.find(
    ({ channel, payload }) =>
      channel === 'hub:event' && payload.type === 'run-finished' && payload.result.jobName === jobName,
  )?.payload.result;
}
