// What the fake user does once the app is ready. Each step records its outcome in fake.trace.steps; the
// test (main-process.test.ts) asserts on the trace and on the data folder afterwards.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, fake, powerMonitor } from './electron.mjs';

const steps = fake.trace.steps;

async function until(what, condition, timeoutMs = 20_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const trayImage = () => path.basename(fake.trays[0]?.image.path ?? '');
const labels = (template) => template.map((item) => (item.type === 'separator' ? '---' : item.label));
const find = (template, label) => {
  const item = template.find((entry) => entry.label === label);
  if (!item) throw new Error(`no menu entry "${label}" in ${labels(template).join(' | ')}`);
  return item;
};
function openMenu() {
  fake.trays[0].emit('right-click');
  return fake.menus.at(-1).template;
}

function invoke(channel, sender, ...args) {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(sender, ...args);
}

export async function run(name) {
  if (name !== 'main') return;
  await until('the tray and the IPC handlers', () => fake.trays.length > 0 && fake.handlers.size > 0);
  await until('the window', () => fake.windows[0]?.visible);
  const window = fake.windows[0];
  const tray = fake.trays[0];
  steps.start = {
    trayImage: trayImage(),
    tooltip: tray.tooltip,
    channels: [...fake.handlers.keys()].sort(),
    window: { options: window.options, loaded: window.loaded, visible: window.visible },
  };

  const pageUrl = pathToFileURL(path.join(process.cwd(), 'out/renderer/index.html')).href;
  const trusted = { sender: { id: window.webContents.id }, senderFrame: { url: pageUrl, parent: null } };
  steps.ipc = {
    listJobs: await invoke('hub:listJobs', trusted),
    fromOtherSite: await invoke('hub:listJobs', {
      ...trusted,
      senderFrame: { url: 'https://evil.example/', parent: null },
    }),
    fromSubframe: await invoke('hub:listJobs', { ...trusted, senderFrame: { url: pageUrl, parent: {} } }),
    fromOtherContents: await invoke('hub:listJobs', { ...trusted, sender: { id: 999 } }),
    badPayload: await invoke('hub:runJob', trusted, { __proto__: { polluted: true } }),
    logOfPath: await invoke('hub:openLogFile', trusted, '/etc/passwd'),
  };

  steps.runSleeps = await invoke('hub:runJob', trusted, 'Sleeps');
  await until('the running badge', () => trayImage() === 'running-1.png');
  steps.running = { trayImage: trayImage(), tooltip: tray.tooltip };

  const menu = openMenu();
  steps.menu = labels(menu);
  steps.runningEntry = labels(menu[1].submenu);
  find(find(menu, 'Run now').submenu, 'Fails').click();
  await until('the failure notification', () => fake.notifications.length > 0);
  await until('the attention icon', () => trayImage() === 'attention.png');
  const failure = fake.notifications[0];
  steps.failure = { ...failure.options, trayImage: trayImage(), tooltip: tray.tooltip };

  const lastRuns = find(openMenu(), 'Last runs').submenu;
  steps.lastRuns = labels(lastRuns);
  lastRuns[0].click();
  await until('the log to open', () => fake.trace.opened.length > 0);

  // A second launch with a job file runs it here; a broken file is reported.
  app.emit('second-instance', {}, ['hub.exe', 'ignored'], process.cwd(), {
    argv: ['hub.exe', process.env.FAKE_DROPPED_JOB],
  });
  app.emit('second-instance', {}, ['hub.exe', 'missing.json'], process.env.FAKE_APPDATA, {});
  await until('the missing-file report', () =>
    fake.notifications.some((n) => /could not run/.test(n.options.title)),
  );
  steps.missingFile = fake.notifications.find((n) => /could not run/.test(n.options.title)).options;
  await until('the dropped job to finish', () =>
    window.webContents.sent.some(
      ({ channel, payload }) =>
        channel === 'hub:event' && payload.type === 'run-finished' && payload.result.jobName === 'Dropped',
    ),
  );

  window.close();
  steps.closeHides = { visible: window.visible, destroyed: window.destroyed };
  failure.emit('click');
  await until('the window to show the run', () =>
    window.webContents.sent.some((message) => message.channel === 'app:show-run'),
  );
  await until('attention to clear', () => trayImage() === 'running-1.png');
  steps.afterClick = {
    visible: window.visible,
    showRun: window.webContents.sent.find((message) => message.channel === 'app:show-run').payload,
    trayImage: trayImage(),
  };
  steps.pushedEvents = [
    ...new Set(window.webContents.sent.filter((m) => m.channel === 'hub:event').map((m) => m.payload.type)),
  ].sort();

  const navigation = {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  window.webContents.emit('will-navigate', navigation, 'https://evil.example/');
  steps.security = {
    navigationPrevented: navigation.prevented,
    windowOpen: window.webContents.windowOpenHandler({ url: 'https://evil.example/' }),
    camera: await new Promise((resolve) =>
      window.webContents.session.permissionRequest(null, 'media', resolve),
    ),
  };

  find(openMenu(), 'Start at login').click();
  await until('the start-at-login setting', () => find(openMenu(), 'Start at login').checked === true);
  powerMonitor.emit('resume');

  find(openMenu(), 'Quit').click();
}
