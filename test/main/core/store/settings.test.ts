import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { defaultSettings, openSettings, settingsSchema } from '../../../../src/main/core/store/settings';
import { useTempDirs } from '../../../helpers/temp';

const caught = (fn: () => unknown): HubError => {
  try {
    fn();
  } catch (error) {
    return error as HubError;
  }
  throw new Error('expected an error');
};

describe('openSettings', () => {
  const tempDir = useTempDirs();

  it('starts with the documented defaults', async () => {
    const settings = openSettings(await ensureDataDir(await tempDir()), () => {});
    expect(settings.get()).toEqual({
      defaultTimeoutMinutes: 60,
      stuckAfterMinutes: 120,
      maxConcurrentJobs: 4,
      notifications: { onFailure: true, onTimeout: true, onStuck: true, onSuccess: false },
      startAtLogin: false,
      logRetentionDays: 30,
      logMaxTotalMB: 500,
      historyLimit: 1000,
      triggersPaused: false,
    });
    expect(defaultSettings).toEqual(settings.get());
    // The schema's defaults are these: a file that leaves a setting out gets the same value.
    expect(settingsSchema().parse({})).toEqual(defaultSettings);
  });

  it('applies and saves a partial update, merging notifications switch by switch', async () => {
    const layout = await ensureDataDir(await tempDir());
    const settings = openSettings(layout, () => {});
    const updated = settings.update({ maxConcurrentJobs: 8, notifications: { onSuccess: true } });
    expect(updated.maxConcurrentJobs).toBe(8);
    expect(updated.notifications).toEqual({
      onFailure: true,
      onTimeout: true,
      onStuck: true,
      onSuccess: true,
    });
    expect(settings.path).toBe(path.join(layout.root, 'settings.json'));
    const onDisk = JSON.parse(readFileSync(settings.path, 'utf8'));
    expect(onDisk.maxConcurrentJobs).toBe(8);
    expect(openSettings(layout, () => {}).get()).toEqual(updated);
    // undefined means "no change", not "back to the default".
    expect(settings.update({ maxConcurrentJobs: undefined }).maxConcurrentJobs).toBe(8);
  });

  it('rejects an invalid value with a HubError naming the field, and saves nothing', async () => {
    const settings = openSettings(await ensureDataDir(await tempDir()), () => {});
    const error = caught(() => settings.update({ maxConcurrentJobs: 0, startAtLogin: true }));
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('invalid-setting');
    expect(error.field).toBe('settings.maxConcurrentJobs');
    expect(String(error)).toBe('settings.maxConcurrentJobs: must be between 1 and 64 (got 0)');
    expect(settings.get().startAtLogin).toBe(false);

    expect(String(caught(() => settings.update({ maxConcurrentJobs: 2.5 })))).toBe(
      'settings.maxConcurrentJobs: must be a whole number between 1 and 64 (got 2.5)',
    );
    expect(String(caught(() => settings.update({ defaultTimeoutMinutes: 0 })))).toMatch(
      /^settings\.defaultTimeoutMinutes: must be a number of minutes greater than 0 .*\(got 0\)$/,
    );
    expect(
      String(caught(() => settings.update({ notifications: { onStuck: 'yes' as unknown as boolean } }))),
    ).toBe('settings.notifications.onStuck: must be true or false (got "yes")');
  });

  it('rejects unknown keys (typos) instead of ignoring them', async () => {
    const settings = openSettings(await ensureDataDir(await tempDir()), () => {});
    const error = caught(() => settings.update({ maxConcurrentJob: 3 } as never));
    expect(error.field).toBe('settings.maxConcurrentJob');
    expect(error.message).toMatch(/^is not a setting \(known: .*maxConcurrentJobs/);
    expect(caught(() => settings.update({ notifications: { onFail: true } } as never)).field).toBe(
      'settings.notifications.onFail',
    );
  });

  it('fills missing fields of a partial file with defaults and keeps the rest', async () => {
    const layout = await ensureDataDir(await tempDir());
    writeFileSync(
      path.join(layout.root, 'settings.json'),
      JSON.stringify({ historyLimit: 50, notifications: { onSuccess: true } }),
    );
    const problems: string[] = [];
    const settings = openSettings(layout, (m) => problems.push(m));
    expect(settings.get().historyLimit).toBe(50);
    expect(settings.get().notifications).toEqual({ ...defaultSettings.notifications, onSuccess: true });
    expect(problems).toEqual([]);
  });

  it('keeps every valid setting when one is bad, names each bad or unknown field, and leaves the file as it is', async () => {
    const layout = await ensureDataDir(await tempDir());
    const file = path.join(layout.root, 'settings.json');
    const text = JSON.stringify({
      maxConcurrentJobs: 0,
      triggersPaused: true,
      historyLimit: 'lots',
      logRetentionDays: 7,
      maxConcurentJobs: 8,
      notifications: { onSuccess: true, onFailure: 'yes' },
    });
    writeFileSync(file, text);
    const problems: string[] = [];
    const settings = openSettings(layout, (m) => problems.push(m));
    expect(settings.get()).toEqual({
      ...defaultSettings,
      triggersPaused: true,
      logRetentionDays: 7,
      notifications: { ...defaultSettings.notifications, onSuccess: true },
    });
    expect([...settings.fallbacks].sort()).toEqual(['historyLimit', 'maxConcurrentJobs', 'notifications']);
    expect(problems).toEqual([
      `${file}: maxConcurrentJobs: must be between 1 and 64 (got 0); using 4 until it is fixed`,
      `${file}: historyLimit: must be a whole number between 10 and 100000 (got "lots"); using 1000 until it is fixed`,
      `${file}: "maxConcurentJobs" is not a setting (did you mean "maxConcurrentJobs"?); it is ignored`,
      `${file}: notifications.onFailure: must be true or false (got "yes"); using true until it is fixed`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('moves a settings file aside that is not a JSON object at all, and reports it', async () => {
    const layout = await ensureDataDir(await tempDir());
    writeFileSync(path.join(layout.root, 'settings.json'), '[1, 2');
    const problems: string[] = [];
    expect(openSettings(layout, (m) => problems.push(m)).get()).toEqual(defaultSettings);
    expect(problems[0]).toMatch(/settings\.json was unreadable .*settings\.corrupt-.*default settings$/);
  });
});
