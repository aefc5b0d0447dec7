import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ID,
  appIdentity,
  PRODUCT_NAME,
  TOAST_ACTIVATOR_CLSID,
} from '../../../src/main/app/model/app-identity';
import { loginItemFor, startAtLoginState } from '../../../src/main/app/model/login-item';
import { clockTime, menuLabel, shorten } from '../../../src/main/app/model/menu-text';
import { appUserDataDir, assetsDir, chromiumDataDir, hubDataDir } from '../../../src/main/app/model/paths';
import { KEEP_BUTTON, QUIT_BUTTON, quitConfirmed, quitPrompt } from '../../../src/main/app/model/quit-prompt';
import { sessionEndMessage } from '../../../src/main/app/model/session-end';
import {
  launchJobErrorText,
  notStartedText,
  startupErrorText,
} from '../../../src/main/app/model/startup-error';
import { TRAY_ICON_NAMES, trayIconFile } from '../../../src/main/app/model/tray-icons';
import { trayMenu } from '../../../src/main/app/model/tray-model';
import { emptyTrayState } from '../../../src/main/app/model/tray-state';
import { HubError } from '../../../src/main/core/errors';
import { defaultDataDir } from '../../../src/main/core/store/data-dir';
import { at, NOW, runningJob } from './fixtures';

describe('identity and folders', () => {
  it('is Automation Hub, com.automationhub.app', () => {
    expect(APP_ID).toBe('com.automationhub.app');
    expect(PRODUCT_NAME).toBe('Automation Hub');
  });

  it("puts the hub's data where the CLI looks by default", () => {
    const env = { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' };
    const userData = appUserDataDir(env.APPDATA, 'win32');
    expect(userData).toBe('C:\\Users\\ann\\AppData\\Roaming\\Automation Hub');
    expect(hubDataDir(env, userData)).toBe(defaultDataDir(env, 'win32', 'C:\\Users\\ann'));
    expect(hubDataDir({ AUTOMATION_HUB_HOME: 'D:\\hub' }, userData)).toBe('D:\\hub');
    expect(hubDataDir({ AUTOMATION_HUB_HOME: '  ' }, userData)).toBe(userData);
  });

  it("keeps Chromium's caches out of the data folder", () => {
    const local = { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' };
    expect(chromiumDataDir(local, 'win32', 'C:\\Users\\ann\\AppData\\Roaming\\Automation Hub')).toBe(
      'C:\\Users\\ann\\AppData\\Local\\Automation Hub\\Chromium',
    );
    expect(chromiumDataDir({}, 'linux', '/home/ann/.config/Automation Hub')).toBe(
      '/home/ann/.config/Automation Hub/Chromium',
    );
  });

  it('finds the icons next to app.asar when packaged, in the repo otherwise', () => {
    expect(assetsDir({ isPackaged: true, resourcesPath: '/r', appPath: '/r/app.asar' })).toBe(
      path.join('/r', 'assets'),
    );
    expect(assetsDir({ isPackaged: false, resourcesPath: '/e', appPath: '/repo' })).toBe(
      path.join('/repo', 'assets'),
    );
    expect(trayIconFile('/a', 'running-3', 'win32')).toBe(path.join('/a', 'tray', 'running-3.ico'));
    expect(trayIconFile('/a', 'idle', 'linux')).toBe(path.join('/a', 'tray', 'idle.png'));
    expect(TRAY_ICON_NAMES).toHaveLength(12);
  });
});

describe('start at login', () => {
  it('points the login item at the installed exe, started hidden, under the name the uninstaller removes', () => {
    expect(loginItemFor(true, { isPackaged: true, execPath: 'C:\\P\\Automation Hub.exe' })).toEqual({
      openAtLogin: true,
      path: 'C:\\P\\Automation Hub.exe',
      args: ['--hidden'],
      name: APP_ID,
      enabled: true,
    });
    expect(loginItemFor(false, { isPackaged: true, execPath: 'x' })?.openAtLogin).toBe(false);
  });

  it('leaves the OS alone when unpackaged', () => {
    expect(loginItemFor(true, { isPackaged: false, execPath: 'electron.exe' })).toBeNull();
  });

  it("shows Task Manager's state: an entry it disabled is off, and says so", () => {
    const item = (enabled: boolean) => ({ name: APP_ID, enabled });
    expect(
      startAtLoginState({ openAtLogin: true, executableWillLaunchAtLogin: true, launchItems: [item(true)] }),
    ).toBe('on');
    expect(
      startAtLoginState({
        openAtLogin: true,
        executableWillLaunchAtLogin: false,
        launchItems: [item(false)],
      }),
    ).toBe('disabled-in-task-manager');
    expect(
      startAtLoginState({ openAtLogin: false, executableWillLaunchAtLogin: false, launchItems: [] }),
    ).toBe('off');
    // Another entry starting this exe counts too (Windows starts it either way).
    expect(
      startAtLoginState({
        openAtLogin: false,
        executableWillLaunchAtLogin: true,
        launchItems: [{ name: 'Automation Hub (mine)', enabled: true }],
      }),
    ).toBe('on');
    // Systems without Task Manager's switch report openAtLogin only.
    expect(startAtLoginState({ openAtLogin: true })).toBe('on');
  });

  it('says in the tray when Task Manager keeps it off; ticking the box turns it on', () => {
    const entry = trayMenu({ ...emptyTrayState, startAtLoginBlocked: true }, NOW).find(
      (item) => item.kind === 'checkbox',
    );
    expect(entry).toEqual({
      kind: 'checkbox',
      label: 'Start at login (turned off in Task Manager)',
      checked: false,
      action: { type: 'set-start-at-login', enabled: true },
    });
  });
});

describe('the end of the session', () => {
  it('tells the runs it stops why, in words for their history entry', () => {
    expect(sessionEndMessage(['logoff'])).toBe('Windows signed the user out while it ran');
    expect(sessionEndMessage(['close-app', 'logoff'])).toBe('Windows signed the user out while it ran');
    expect(sessionEndMessage(['close-app'])).toMatch(/^Windows closed Automation Hub while it ran/);
    expect(sessionEndMessage(['critical'])).toMatch(/^Windows shut down at once/);
    expect(sessionEndMessage([])).toBe('Windows shut down or restarted while it ran');
  });
});

describe('identity', () => {
  it("keeps development runs off the installed app's shortcut, AppUserModelId and toast activator", () => {
    const installed = appIdentity(true);
    const development = appIdentity(false);
    expect(installed).toEqual({
      name: PRODUCT_NAME,
      appUserModelId: APP_ID,
      toastActivatorClsid: TOAST_ACTIVATOR_CLSID,
    });
    expect(development.name).not.toBe(installed.name);
    expect(development.appUserModelId).not.toBe(installed.appUserModelId);
    expect(development.toastActivatorClsid).not.toBe(installed.toastActivatorClsid);
    for (const clsid of [installed.toastActivatorClsid, development.toastActivatorClsid]) {
      expect(clsid).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    }
  });
});

describe('quit while jobs run', () => {
  it('quits without asking when nothing runs', () => {
    expect(quitPrompt([], NOW)).toBeNull();
  });

  it('asks, listing the runs; keeping them running is the default and the Escape answer', () => {
    const prompt = quitPrompt(
      [
        runningJob({ jobName: 'Backup', startTime: at(-4.0833) }),
        runningJob({ runId: 'b', jobName: 'Export', startTime: at(-0.2) }),
      ],
      NOW,
    );
    expect(prompt).toMatchObject({
      type: 'warning',
      message: '2 jobs are still running. Quit anyway?',
      buttons: ['Cancel jobs and quit', 'Keep running'],
      defaultId: KEEP_BUTTON,
      cancelId: KEEP_BUTTON,
    });
    expect(prompt?.detail).toContain('recorded as cancelled');
    expect(prompt?.detail).toContain('• Backup (running for 4 min 05 s)');
    expect(prompt?.detail).toContain('• Export (running for 12.0 s)');
    expect(quitConfirmed(QUIT_BUTTON)).toBe(true);
    expect(quitConfirmed(KEEP_BUTTON)).toBe(false);
  });

  it('counts what it does not list', () => {
    const many = Array.from({ length: 11 }, (_, i) => runningJob({ runId: `r${i}`, jobName: `Job ${i}` }));
    const prompt = quitPrompt(many, NOW);
    expect(prompt?.message).toBe('11 jobs are still running. Quit anyway?');
    expect(prompt?.detail).toContain('• and 3 more');
    expect(quitPrompt([runningJob()], NOW)?.message).toBe('1 job is still running. Quit anyway?');
  });
});

describe('startup and launch messages', () => {
  it('explains a data folder owned by another hub', () => {
    const error = new HubError('data-dir-locked', 'Another Automation Hub (pid 42) already uses C:\\data.');
    const text = startupErrorText(error, 'C:\\data');
    expect(text.title).toBe('Automation Hub is already running');
    expect(text.content).toMatch(/^Another Automation Hub \(pid 42\) already uses C:\\data\./);
    expect(text.content).toContain('would run every job twice');
  });

  it('reports other start failures with the folder', () => {
    expect(startupErrorText(new Error('EACCES'), 'C:\\data')).toEqual({
      title: 'Automation Hub could not start',
      content: 'EACCES\n\nData folder: C:\\data',
    });
  });

  it('names the job file that could not run, with file and field', () => {
    const error = new HubError('job-invalid', 'must not be empty', { file: 'C:\\a.json', field: 'name' });
    expect(launchJobErrorText('C:\\a.json', error)).toEqual({
      title: 'Automation Hub could not run C:\\a.json',
      content: 'C:\\a.json: name: must not be empty',
    });
    expect(launchJobErrorText('C:\\b.json', new Error('gone')).content).toBe('gone');
    // Problems of a job file name it already (with line and column): not twice.
    const invalid = new HubError('job-invalid', 'C:\\c.json:3:5: process.command: must not be empty', {
      file: 'C:\\c.json',
    });
    expect(launchJobErrorText('C:\\c.json', invalid).content).toBe(
      'C:\\c.json:3:5: process.command: must not be empty',
    );
    expect(notStartedText({ jobName: 'Backup', message: 'skipped: already running' })).toEqual({
      title: 'Backup did not start',
      content: 'skipped: already running',
    });
  });
});

describe('menu text', () => {
  it('escapes access-key ampersands and flattens control characters', () => {
    expect(menuLabel('Backup & sync')).toBe('Backup && sync');
    expect(menuLabel('two\r\nlines\tand\u0000nul')).toBe('two lines and nul');
  });

  it('shortens by characters, not UTF-16 units', () => {
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('abc', 4)).toBe('abc');
    expect(shorten('😀😀😀😀😀', 4)).toBe('😀😀😀…');
  });

  it('writes times of day locale-free, with the date on other days', () => {
    expect(clockTime(new Date(2025, 5, 11, 9, 5).getTime(), NOW)).toBe('09:05');
    expect(clockTime(new Date(2025, 0, 2, 23, 59).getTime(), NOW)).toBe('2 Jan 23:59');
    expect(clockTime('not a date', NOW)).toBe('?');
  });
});
