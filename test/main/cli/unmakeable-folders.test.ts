import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateDir, makePrivateDirSync } from '../../../src/main/core/private-files';
import { CLI } from '../../helpers/cli';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

// /proc answers mkdir with ENOENT although the parent exists: Node's recursive mkdir retries that forever.
const NOWHERE = '/proc/automation-hub-nowhere';

describe.runIf(existsSync('/proc/self'))('folders that cannot be made', () => {
  it('are an error, not a hang, when made by the hub', async () => {
    await expect(makePrivateDir(join(NOWHERE, 'a', 'b'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => makePrivateDirSync(join(NOWHERE, 'a'))).toThrow(/ENOENT/);
    // The usual cases still work: new parents, and a folder that exists.
    const dir = join(await tempDir(), 'x', 'y', 'z');
    await makePrivateDir(dir);
    await makePrivateDir(dir);
    makePrivateDirSync(join(dir, 'w', 'v'));
    makePrivateDirSync(dir);
    expect(existsSync(join(dir, 'w', 'v'))).toBe(true);
    const file = join(dir, 'file');
    writeFileSync(file, '');
    await expect(makePrivateDir(file)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(() => makePrivateDirSync(join(file, 'below'))).toThrow(/ENOTDIR/);
  });

  it('end a command with the folder named, or are passed over: data folder, log folder, cache folder', async () => {
    const dir = await tempDir();
    const job = join(dir, 'job.json');
    writeFileSync(
      job,
      JSON.stringify({ name: 'True', process: { command: process.execPath, arguments: ['-e', '0'] } }),
    );
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [CLI, ...args], {
        env: { ...process.env, AUTOMATION_HUB_HOME: join(dir, 'home'), ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });

    const data = cli(['run', job, '--data', join(NOWHERE, 'data')]);
    expect(data.signal).toBeNull();
    expect(data.status).not.toBe(0);
    expect(data.stderr).toContain(NOWHERE);

    // A log that cannot be written never stops a job: it runs, and its summary says where output was lost.
    const logs = cli(['run', job, '--log-dir', join(NOWHERE, 'logs')]);
    expect(logs.signal).toBeNull();
    expect(logs.status, logs.stderr).toBe(0);
    expect(logs.stdout + logs.stderr).toMatch(
      /could not be created \(ENOENT.*automation-hub-nowhere.*output was not saved/,
    );

    const cached = cli(['validate', job], { XDG_CACHE_HOME: NOWHERE, LOCALAPPDATA: NOWHERE });
    expect(cached.signal).toBeNull();
    expect(cached.status, cached.stderr).toBe(0);
  });
});
