import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID } from '../../../src/main/app/model/app-identity';
import { Hub } from '../../../src/main/core/hub/hub';
import { AppLauncher, ROOT } from './launch-app';

// The installed app as electron-builder lays it out: out/ and package.json, no node_modules (everything the
// main process needs is bundled), icons in resources/assets. It starts from a profile folder whose name Node
// and Chromium spell differently in file URLs (`%`, a space, `;`, a non-ASCII letter), on a first start
// (Chromium's folder does not exist yet), with its login entry turned off in Task Manager.

const apps = new AppLauncher();
afterEach(() => apps.cleanup());

// The Run value Electron writes for the exe (here: node, which plays it) with --hidden; quoted when the path
// has blanks, as on a runner's C:\Program Files\nodejs\node.exe.
const runValue = `${/\s/.test(process.execPath) ? `"${process.execPath}"` : process.execPath} --hidden`;

describe('the packaged app', () => {
  it('starts without node_modules from an awkward profile path, and follows Task Manager on start at login', async () => {
    const profile = path.join(await apps.temp('hub-app-packaged-'), 'Zoë 100%; x');
    const appDir = path.join(profile, 'Programs', 'Automation Hub', 'resources', 'app');
    await mkdir(appDir, { recursive: true });
    for (const part of ['main', 'preload', 'renderer']) {
      await cp(path.join(ROOT, 'out', part), path.join(appDir, 'out', part), { recursive: true });
    }
    await writeFile(path.join(appDir, 'package.json'), await readFile(path.join(ROOT, 'package.json')));
    const appData = path.join(profile, 'AppData', 'Roaming');
    const dataDir = path.join(appData, 'Automation Hub');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ startAtLogin: true }));
    // The entry the app made earlier, which the user then disabled in Task Manager (StartupApproved 03…).
    const registry = { run: { [APP_ID]: runValue }, approved: { [APP_ID]: '03' } };

    const { trace } = await apps.launch('packaged', {
      appDir,
      dataDir: null,
      env: {
        FAKE_PACKAGED: '1',
        FAKE_APP_PATH: appDir,
        FAKE_RESOURCES_PATH: ROOT,
        FAKE_APPDATA: appData,
        LOCALAPPDATA: path.join(profile, 'AppData', 'Local'),
        FAKE_LOGIN_REGISTRY: JSON.stringify(registry),
        NODE_PATH: '',
      },
    });
    const { steps } = trace;
    expect(trace.violations).toEqual([]);
    // No application menu: no Reload, no developer tools.
    expect(trace.applicationMenu).toBeNull();
    if (process.platform === 'win32') expect(trace.appUserModelId).toBe(APP_ID);

    // The page, at the URL Chromium committed for it, is trusted.
    expect(steps.pageUrl).toContain('Zo%C3%AB%20100%');
    expect(steps.listJobs).toEqual({ ok: true, value: [] });

    // Start at login: nothing was written at start, and the setting now says what Task Manager says.
    expect(steps.loginCallsAtStart).toBe(0);
    expect(steps.settingsAtStart.value.startAtLogin).toBe(false);
    expect(steps.menuAtStart).toEqual({
      label: 'Start at login (turned off in Task Manager)',
      checked: false,
    });
    // The user turns it on in the tray: the entry is written and enabled in Task Manager again.
    expect(trace.loginItemCalls).toEqual([
      { openAtLogin: true, path: process.execPath, args: ['--hidden'], name: APP_ID, enabled: true },
    ]);
    expect(steps.registryAfterToggle).toEqual({
      run: { [APP_ID]: `${process.execPath} --hidden` },
      approved: {},
    });
    expect(steps.menuAfterToggle).toEqual({ label: 'Start at login', checked: true });

    // The setting went into the hub's own settings file.
    const hub = await Hub.open({ dataDir });
    try {
      expect((await hub.getSettings()).startAtLogin).toBe(true);
    } finally {
      await hub.close();
    }
  });
});
