import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/cli';
import { modesBelow, notPrivate } from '../../helpers/modes';
import { fixture } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

describe.runIf(process.platform !== 'win32')('automation-hub run keeps what it writes private', () => {
  it('creates the data folder, its logs and state, and a new --log-dir folder 700, and every file 600', async () => {
    const dir = await tempDir();
    const jobFile = join(dir, 'job.json');
    const job = {
      name: 'Echo',
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0', '0', 'token=abc'] },
    };
    await writeFile(jobFile, JSON.stringify(job));
    const data = join(dir, 'first', 'data');
    const logs = join(dir, 'elsewhere', 'logs', 'today');
    // Under the usual umask, from a shell: what a user gets.
    const run = spawnSync(
      '/bin/sh',
      [
        '-c',
        'umask 022; exec "$0" "$@"',
        process.execPath,
        CLI,
        'run',
        jobFile,
        '--data',
        data,
        '--log-dir',
        logs,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);

    expect(modesBelow(logs).some((entry) => entry.endsWith('.log 600'))).toBe(true);
    expect(notPrivate(join(dir, 'first'))).toEqual([]);
    expect(notPrivate(join(dir, 'elsewhere'))).toEqual([]);
  });
});
