// The tray app in ordinary use: tray, menu, IPC checks, a failure notification and its click, a second
// instance with a job file, the close button, start at login, sleep, and quitting with a job running.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, fake, powerMonitor, toasts } from '../electron.mjs';
import { toastCenter } from '../notifications.mjs';
import { electronEvent } from '../state.mjs';
import {
  find,
  finishedEvent,
  fromPage,
  invoke,
  labels,
  mainWindow,
  openMenu,
  shownPreviews,
  showRuns,
  steps,
  trayImage,
  until,
} from './helpers.mjs';

export async function run() {
  await until('the tray and the IPC handlers', () => fake.trays.length > 0 && fake.handlers.size > 0);
  await until('the window', () => mainWindow()?.visible);
  const window = mainWindow();
  const tray = fake.trays[0];
  steps.start = {
    trayImage: trayImage(),
    tooltip: tray.tooltip,
    channels: [...fake.handlers.keys()].sort(),
    window: { options: window.options, url: window.webContents.getURL(), visible: window.visible },
    windows: fake.windows.map((w) => ({ kind: w.kind, visible: w.visible })),
  };

  const trusted = fromPage(window);
  steps.ipc = {
    listJobs: await invoke('hub:listJobs', trusted),
    // pathToFileURL's spelling of the same page: also ours.
    nodeSpelling: await invoke('hub:listJobs', {
      ...trusted,
      senderFrame: {
        url: pathToFileURL(path.join(process.cwd(), 'out/renderer/index.html')).href,
        parent: null,
      },
    }),
    fromOtherSite: await invoke('hub:listJobs', {
      ...trusted,
      senderFrame: { url: 'https://evil.example/', parent: null },
    }),
    fromOtherFile: await invoke('hub:listJobs', {
      ...trusted,
      senderFrame: { url: trusted.senderFrame.url.replace('index.html', 'other.html'), parent: null },
    }),
    fromSubframe: await invoke('hub:listJobs', {
      ...trusted,
      senderFrame: { ...trusted.senderFrame, parent: {} },
    }),
    fromOtherContents: await invoke('hub:listJobs', { ...trusted, sender: { id: 999 } }),
    badPayload: await invoke('hub:runJob', trusted, { __proto__: { polluted: true } }),
    logOfPath: await invoke('hub:openLogFile', trusted, '/etc/passwd'),
  };

  steps.runSleeps = await invoke('hub:runJob', trusted, 'Sleeps');
  await until('the running badge', () => trayImage().startsWith('running-1.'));
  steps.running = { trayImage: trayImage(), tooltip: tray.tooltip };

  const menu = openMenu();
  steps.menu = labels(menu);
  steps.runningEntry = labels(menu[1].submenu);
  find(find(menu, 'Run now').submenu, 'Fails').click();
  await until('the failure notification', () => toastCenter.length > 0);
  await until('the attention icon', () => trayImage().startsWith('attention.'));
  const failure = toastCenter[0];
  steps.failure = { title: failure.title, body: failure.body, trayImage: trayImage(), tooltip: tray.tooltip };

  const lastRuns = find(openMenu(), 'Last runs').submenu;
  steps.lastRuns = labels(lastRuns);
  lastRuns[0].click();
  await until('the log to open', () => fake.trace.opened.length > 0);

  // A second launch with a job file shows its preview here and runs nothing; Run (the page's call with the
  // preview's hash) runs it. A missing file's preview says what is wrong.
  app.emit('second-instance', electronEvent(), ['hub.exe', 'ignored'], process.cwd(), {
    argv: ['hub.exe', process.env.FAKE_DROPPED_JOB],
  });
  await until('the preview on the page', () => shownPreviews(window).length > 0);
  const [preview] = shownPreviews(window);
  steps.launchPreview = {
    preview,
    historyBeforeRun: await invoke('hub:getHistory', trusted, { jobName: 'Dropped' }),
    runningBeforeRun: await invoke('hub:listRunning', trusted),
  };
  steps.launchRun = await invoke('hub:runJobFile', trusted, preview.file, preview.hash);
  app.emit('second-instance', electronEvent(), ['hub.exe', 'missing.json'], process.env.FAKE_APPDATA, {});
  await until('the missing-file preview', () => shownPreviews(window).length > 1);
  steps.missingFile = shownPreviews(window)[1];
  await until('the dropped job to finish', () => finishedEvent(window, 'Dropped') !== undefined);

  window.close();
  steps.closeHides = { visible: window.visible, destroyed: window.destroyed };
  steps.clickReached = await toasts.click(failure);
  await until('the window to show the run', () => showRuns(window).delivered.length > 0);
  await until('attention to clear', () => trayImage().startsWith('running-1.'));
  steps.afterClick = {
    visible: window.visible,
    showRun: showRuns(window).delivered[0],
    failedRunId: finishedEvent(window, 'Fails')?.runId,
    trayImage: trayImage(),
  };
  steps.pushedEvents = [
    ...new Set(window.webContents.sent.filter((m) => m.channel === 'hub:event').map((m) => m.payload.type)),
  ].sort();

  const navigation = electronEvent();
  window.webContents.emit('will-navigate', navigation, 'https://evil.example/');
  steps.security = {
    navigationPrevented: navigation.defaultPrevented,
    windowOpen: window.webContents.windowOpenHandler({ url: 'https://evil.example/' }),
    camera: await new Promise((resolve) =>
      window.webContents.session.permissionRequest(null, 'media', resolve),
    ),
  };

  find(openMenu(), 'Start at login').click();
  await until('the start-at-login setting', () => find(openMenu(), 'Start at login').checked === true);
  powerMonitor.emit('suspend');
  powerMonitor.emit('resume');

  find(openMenu(), 'Quit').click();
}
