import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appUserDataDir, chromiumDataDir } from '../../../src/main/app/model/paths';
import { Hub } from '../../../src/main/core/hub/hub';
import { AppLauncher, dataFolderWith, nodeJob, ROOT, TRAY_EXT } from './launch-app';

// The glue end to end against a real hub: tray, menu actions, IPC checks, notifications, second instance,
// window behaviour and the quit flow. The decisions themselves are unit-tested next to this file.

const apps = new AppLauncher();
let pids: (number | null | undefined)[] = [];
afterEach(async () => {
  await apps.cleanup(pids);
  pids = [];
});

describe('main process glue (built bundle, fake Electron, real hub)', () => {
  it('runs the tray app: tray, menu, IPC checks, notifications, second instance, quit', async () => {
    const base = await apps.temp('hub-app-data-');
    const dataDir = await dataFolderWith(path.join(base, 'data'), {
      'fails.json': nodeJob('Fails', 'process.exit(3)'),
      'sleeps.json': nodeJob('Sleeps', 'setTimeout(() => {}, 60000)'),
    });
    const dropped = path.join(base, 'dropped.json');
    await writeFile(dropped, JSON.stringify(nodeJob('Dropped', 'process.exit(0)')));

    const { code, trace, appData } = await apps.launch('main', {
      dataDir,
      env: { FAKE_DROPPED_JOB: dropped },
    });
    const { steps } = trace;
    expect(code).toBe(0);
    expect(trace.violations).toEqual([]);

    // Folders: userData is "<appData>/Automation Hub"; Chromium's data is kept out of it (both created first).
    const userData = appUserDataDir(appData, process.platform);
    expect(trace.paths.userData).toBe(userData);
    expect(trace.paths.sessionData).toBe(
      chromiumDataDir(
        { LOCALAPPDATA: path.join(path.dirname(appData), 'Local') },
        process.platform,
        userData,
      ),
    );
    expect(trace.lockData).toEqual([{ argv: expect.any(Array) }]);
    // A development run keeps Electron's menu and has its own identity (never the installed app's).
    expect(trace.applicationMenu).toBe('default');
    if (process.platform === 'win32') {
      expect(trace.appUserModelId).toBe('com.automationhub.app.development');
      expect(trace.toastActivatorCLSID).toMatch(/^\{[0-9A-F-]{36}\}$/);
    }

    // Start: idle tray, the window shown with the secure options, every channel handled, and the hidden
    // window that hears Windows end the session.
    expect(steps.start.trayImage).toBe(`idle${TRAY_EXT}`);
    expect(steps.start.tooltip).toBe('Automation Hub — idle');
    expect(steps.start.windows).toEqual([
      { kind: 'BaseWindow', visible: false },
      { kind: 'BrowserWindow', visible: true },
    ]);
    expect(steps.start.window.options).toMatchObject({
      width: 480,
      height: 640,
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    expect(steps.start.window.options.webPreferences.preload).toBe(path.join(ROOT, 'out/preload/index.cjs'));
    expect(steps.start.window.url).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
    expect(steps.start.channels).toHaveLength(18);

    // IPC: our page is answered (spelt as Chromium or as Node spells it); other senders, bad payloads and paths are refused.
    expect(steps.ipc.listJobs.ok).toBe(true);
    expect(steps.ipc.listJobs.value.map((j: { name: string }) => j.name).sort()).toEqual(['Fails', 'Sleeps']);
    expect(steps.ipc.nodeSpelling.ok).toBe(true);
    for (const refused of [
      'fromOtherSite',
      'fromOtherFile',
      'fromSubframe',
      'fromOtherContents',
      'badPayload',
      'logOfPath',
    ]) {
      expect(steps.ipc[refused], refused).toMatchObject({ ok: false, error: expect.any(String) });
    }

    // Running: badge and tooltip, and the menu lists the run with its elapsed time, Show and Cancel.
    expect(steps.runSleeps).toMatchObject({ ok: true, value: { accepted: true } });
    expect(steps.running).toEqual({
      trayImage: `running-1${TRAY_EXT}`,
      tooltip: 'Automation Hub — 1 running',
    });
    expect(steps.menu.slice(0, 2)).toEqual(['Running (1)', expect.stringMatching(/^Sleeps — \d+\.\d\d? s/)]);
    expect(steps.runningEntry).toEqual(['Show', 'Cancel']);
    expect(steps.menu).toEqual(
      expect.arrayContaining([
        'Run now',
        'Last runs',
        'Pause triggers',
        'Open window',
        'Open jobs folder',
        'Quit',
      ]),
    );

    // A failure run from the menu: notification with exit code, attention icon, ✗ in last runs, log opens.
    expect(steps.failure).toMatchObject({
      title: '✗ Fails failed',
      body: expect.stringMatching(/^Exit code 3 · /),
      trayImage: `attention${TRAY_EXT}`,
      tooltip: 'Automation Hub — 1 running · 1 problem to look at',
    });
    expect(steps.lastRuns[0]).toMatch(/^✗ Fails · /);
    expect(trace.opened[0]?.startsWith(path.join(dataDir, 'logs'))).toBe(true);

    // Second instance with a job file: its preview is shown and nothing runs until Run, which passes the hash.
    expect(steps.launchPreview.preview).toMatchObject({
      ok: true,
      name: 'Dropped',
      hash: expect.any(String),
    });
    expect(steps.launchPreview.historyBeforeRun).toMatchObject({ ok: true, value: [] });
    expect(
      steps.launchPreview.runningBeforeRun.value.map((run: { jobName: string }) => run.jobName),
    ).not.toContain('Dropped');
    expect(steps.launchRun).toMatchObject({ ok: true, value: { accepted: true } });
    // A missing job file: its preview names it and says what is wrong.
    const missing = path.join(appData, 'missing.json');
    expect(steps.missingFile).toMatchObject({ ok: false, file: missing });
    expect(steps.missingFile.problems[0].message).toMatch(/^file not found/);

    // The close button hides; the notification's click shows the window on that run and clears attention.
    expect(steps.closeHides).toEqual({ visible: false, destroyed: false });
    expect(steps.clickReached).toBe('click');
    expect(steps.afterClick).toMatchObject({ visible: true, trayImage: `running-1${TRAY_EXT}` });
    expect(steps.afterClick.showRun).toBe(steps.afterClick.failedRunId);
    expect(steps.pushedEvents).toEqual(expect.arrayContaining(['run-started', 'run-finished']));
    expect(steps.security).toEqual({
      navigationPrevented: true,
      windowOpen: { action: 'deny' },
      camera: false,
    });

    // Quit with a job running asked first; then the hub closed, and Electron's quit ran its course.
    expect(trace.messageBoxes).toHaveLength(1);
    expect(trace.messageBoxes[0]?.message).toBe('1 job is still running. Quit anyway?');
    expect(trace.lifecycle.slice(-3)).toEqual(['close BrowserWindow', 'will-quit', 'quit']);
    expect(trace.exitHow).toBe('quit');
    const hub = await Hub.open({ dataDir });
    try {
      const history = await hub.getHistory({ limit: 20 });
      const byJob = Object.fromEntries(history.map((r) => [r.jobName, r]));
      pids = history.map((r) => r.pid);
      expect(byJob.Fails).toMatchObject({ status: 'Failed', exitCode: 3 });
      expect(byJob.Sleeps).toMatchObject({ status: 'Cancelled' });
      expect(byJob.Dropped).toMatchObject({ status: 'CompletedSuccessfully', trigger: { kind: 'drop' } });
      // Start at login went to the settings (the OS login item is left alone unpackaged).
      expect((await hub.getSettings()).startAtLogin).toBe(true);
      expect(trace.loginItemCalls).toEqual([]);
    } finally {
      await hub.close();
    }
    expect(apps.survivors(pids)).toEqual([]);
  });

  it('quits at once as a second instance (the first one shows the job file)', async () => {
    const { code, trace } = await apps.launch('none', { env: { FAKE_ELECTRON_LOCK: 'taken' } });
    expect(code).toBe(0);
    expect(trace.steps).toEqual({});
    expect(trace.errorBoxes).toEqual([]);
    expect(trace.violations).toEqual([]);
  });

  it('explains and quits when another hub owns the data folder', async () => {
    const base = await apps.temp('hub-app-locked-');
    const other = await Hub.open({ dataDir: base });
    try {
      const { code, trace } = await apps.launch('none', { dataDir: base });
      expect(code).toBe(1);
      expect(trace.errorBoxes).toHaveLength(1);
      expect(trace.errorBoxes[0]?.title).toBe('Automation Hub is already running');
      expect(trace.errorBoxes[0]?.content).toContain('would run every job twice');
    } finally {
      await other.close();
    }
  });

  it('says which folder is in the way when it cannot create its own (setPath needs an existing one)', async () => {
    const base = await apps.temp('hub-app-blocked-');
    const appData = path.join(base, 'Roaming');
    await mkdir(appData);
    // A file where the data folder should be.
    await writeFile(path.join(appData, 'Automation Hub'), 'not a folder');
    const { code, trace } = await apps.launch('none', { env: { FAKE_APPDATA: appData } });
    expect(code).toBe(1);
    expect(trace.errorBoxes).toEqual([
      {
        title: 'Automation Hub could not start',
        content: expect.stringContaining(
          `It could not create or use the folder ${path.join(appData, 'Automation Hub')}`,
        ),
      },
    ]);
  });
});
