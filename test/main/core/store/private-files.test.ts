import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useHubs, writeJob } from '../../../helpers/hub';
import { modesBelow, notPrivate } from '../../../helpers/modes';
import { fixture } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const openHub = useHubs();

// The usual umask (022) would make files 644 and folders 755 unless the hub asks for private modes itself.
let umask = 0;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe.runIf(process.platform !== 'win32')('the data folder is private', () => {
  it('creates every folder 700 and every file 600: data folder, state, settings, logs, lock', async () => {
    const dataDir = join(await tempDir(), 'new', 'data');
    const hub = await openHub({ dataDir });
    await writeJob(dataDir, 'echo.json', {
      name: 'Echo',
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0', '0', 'secret'] },
    });
    await hub.library.rescan();
    await hub.runJobAndWait('Echo');
    await hub.updateSettings({ logRetentionDays: 7 });
    // Compaction rewrites the history snapshot: its file too.
    await hub.close();

    const created = modesBelow(join(dataDir, '..'));
    expect(created.some((entry) => entry.includes(`${join('logs', '')}`))).toBe(true);
    expect(created.some((entry) => entry.includes('settings.json'))).toBe(true);
    // The job file was written by the test (umask 022); everything the hub made is private.
    expect(notPrivate(join(dataDir, '..')).filter((entry) => !entry.includes('echo.json'))).toEqual([]);
  });

  it('makes its own logs and state folders private when an older version left them open', async () => {
    const dataDir = await tempDir();
    for (const name of ['logs', 'state']) {
      await mkdir(join(dataDir, name), { recursive: true });
      await chmod(join(dataDir, name), 0o755);
    }
    const hub = await openHub({ dataDir });
    await hub.close();
    expect(notPrivate(join(dataDir, 'logs'))).toEqual([]);
    expect(notPrivate(join(dataDir, 'state'))).toEqual([]);
  });
});
