import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataLayout, defaultDataDir, ensureDataDir } from '../../../../src/main/core/store/data-dir';

describe('defaultDataDir', () => {
  it('lets AUTOMATION_HUB_HOME win on every platform', () => {
    const env = { AUTOMATION_HUB_HOME: '/srv/hub', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' };
    expect(defaultDataDir(env, 'win32', 'C:\\Users\\a')).toBe('/srv/hub');
    expect(defaultDataDir(env, 'linux', '/home/a')).toBe('/srv/hub');
  });

  it('uses %APPDATA%\\Automation Hub on Windows, with a fallback when APPDATA is missing', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Automation Hub',
    );
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Automation Hub',
    );
  });

  it('uses $XDG_CONFIG_HOME/automation-hub or ~/.config/automation-hub elsewhere', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/a')).toBe('/x/cfg/automation-hub');
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/automation-hub');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/.config/automation-hub');
    // The XDG spec: a relative value is invalid and ignored.
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/home/a')).toBe(
      '/home/a/.config/automation-hub',
    );
  });
});

describe('ensureDataDir', () => {
  let root = '';
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates jobs/, logs/ and state/ and returns absolute paths', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hub-datadir-'));
    const layout = await ensureDataDir(path.join(root, 'nested', 'data'));
    expect(layout).toEqual(dataLayout(path.join(root, 'nested', 'data')));
    for (const dir of [layout.jobsDir, layout.logsDir, layout.stateDir]) {
      expect((await stat(dir)).isDirectory()).toBe(true);
      expect(path.isAbsolute(dir)).toBe(true);
    }
    // Idempotent: a second start finds the folders in place.
    await expect(ensureDataDir(layout.root)).resolves.toEqual(layout);
  });
});
