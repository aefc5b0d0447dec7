import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, secondInstanceArgv, showsWindow } from '../../../src/main/app/model/launch-args';

const packagedWindows = { cwd: 'C:\\Users\\ann\\Desktop', platform: 'win32' as const, defaultApp: false };
const exe = 'C:\\Program Files\\Automation Hub\\Automation Hub.exe';

describe('job file from the command line', () => {
  it('picks the job file of `Automation Hub.exe job.json`', () => {
    expect(parseLaunchArgs([exe, 'C:\\jobs\\backup.json'], packagedWindows)).toEqual({
      jobFile: 'C:\\jobs\\backup.json',
      hidden: false,
      quit: false,
    });
  });

  it('resolves a relative path against the launching folder', () => {
    expect(parseLaunchArgs([exe, 'jobs\\nightly.JSON'], packagedWindows).jobFile).toBe(
      'C:\\Users\\ann\\Desktop\\jobs\\nightly.JSON',
    );
    expect(
      parseLaunchArgs(['/usr/bin/automation-hub', 'a.json'], {
        cwd: '/home/ann',
        platform: 'linux',
        defaultApp: false,
      }).jobFile,
    ).toBe('/home/ann/a.json');
  });

  it("ignores flags, Chromium's appended switches and our --hidden", () => {
    const argv = [
      exe,
      '--hidden',
      '--allow-file-access-from-files',
      '--original-process-start-time=13380000000000000',
      '--config=C:\\x\\settings.json',
      'C:\\jobs\\a.json',
    ];
    expect(parseLaunchArgs(argv, packagedWindows)).toEqual({
      jobFile: 'C:\\jobs\\a.json',
      hidden: true,
      quit: false,
    });
  });

  it("skips Electron's own arguments: the executable, and the app path when unpackaged", () => {
    const electron = 'C:\\repo\\node_modules\\electron\\dist\\electron.exe';
    expect(parseLaunchArgs([electron, '.'], { ...packagedWindows, defaultApp: true }).jobFile).toBeNull();
    // Unpackaged, argv[1] is the app path even if it looks like a job file.
    expect(
      parseLaunchArgs([electron, 'weird.json'], { ...packagedWindows, defaultApp: true }).jobFile,
    ).toBeNull();
    expect(
      parseLaunchArgs([electron, 'out\\main\\index.js', 'C:\\jobs\\b.json'], {
        ...packagedWindows,
        defaultApp: true,
      }).jobFile,
    ).toBe('C:\\jobs\\b.json');
    // The executable itself is never the job, whatever it is called.
    expect(parseLaunchArgs(['C:\\odd\\hub.json'], packagedWindows).jobFile).toBeNull();
  });

  it('ignores files that are not .json', () => {
    for (const arg of ['C:\\jobs\\backup.bat', 'C:\\jobs\\notes.json.txt', 'readme', 'C:\\jobs\\json']) {
      expect(parseLaunchArgs([exe, arg], packagedWindows).jobFile, arg).toBeNull();
    }
    expect(parseLaunchArgs([exe], packagedWindows)).toEqual({ jobFile: null, hidden: false, quit: false });
  });

  it('takes the first job file and strips quotes a shortcut kept', () => {
    expect(parseLaunchArgs([exe, '"C:\\My Jobs\\a.json"', 'C:\\b.json'], packagedWindows).jobFile).toBe(
      'C:\\My Jobs\\a.json',
    );
  });
});

describe('second instance argv', () => {
  it('prefers the argv the second instance sent itself', () => {
    expect(secondInstanceArgv(['x', '--flag', 'b.json'], { argv: [exe, 'C:\\a.json'] })).toEqual([
      exe,
      'C:\\a.json',
    ]);
  });

  it("falls back to Electron's argv when the data is missing or malformed", () => {
    const argv = [exe, 'C:\\a.json'];
    for (const data of [undefined, null, {}, { argv: 'x' }, { argv: [1, 2] }, { argv: [] }]) {
      expect(secondInstanceArgv(argv, data)).toBe(argv);
    }
  });
});

describe('window at start', () => {
  it('opens for a plain start, not at login, not when running a job file', () => {
    expect(showsWindow({ jobFile: null, hidden: false, quit: false })).toBe(true);
    expect(showsWindow({ jobFile: null, hidden: true, quit: false })).toBe(false);
    expect(showsWindow({ jobFile: 'C:\\a.json', hidden: false, quit: false })).toBe(false);
  });
});

describe("the installer's quit request", () => {
  it('is --quit, in any case, and never opens the window', () => {
    const request = parseLaunchArgs([exe, '--QUIT'], packagedWindows);
    expect(request).toEqual({ jobFile: null, hidden: false, quit: true });
    expect(showsWindow(request)).toBe(false);
    expect(parseLaunchArgs([exe, '--quitter'], packagedWindows).quit).toBe(false);
  });
});
