// One owner for every run: `automation-hub run` hands its run to the hub that owns the data folder (a daemon here,
// the tray app alike), or owns the folder itself while its runs last. Real processes, real sockets.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import type { RunResult } from '../../../src/shared/run-types';
import { captureIO, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

const sleeper = (name: string, ms: number, pidsFile: string, extra: object = {}) => ({
  name,
  process: { command: process.execPath, arguments: [fixture('job-sleep.mjs'), String(ms), pidsFile] },
  ...extra,
});

async function history(dataDir: string, job?: string): Promise<RunResult[]> {
  const io = captureIO();
  await main(['history', '--data', dataDir, '--json', '--limit', '1000', ...(job ? ['--job', job] : [])], io);
  return JSON.parse(io.out) as RunResult[];
}

async function startDaemon(dataDir: string) {
  const daemon = startCli(['daemon', '--data', dataDir]);
  await daemon.waitForOutput(/Automation Hub daemon \(pid \d+\)/);
  return daemon;
}

describe('automation-hub run beside a running hub', () => {
  it('hands the run to the daemon: its history, its journal, the same summary and exit code', async () => {
    const dataDir = await tempDir();
    const jobDir = await tempDir();
    const file = join(jobDir, 'status.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'Reporter',
        process: { command: process.execPath, arguments: [fixture('job-status.mjs'), '300'] },
      }),
    );
    const daemon = await startDaemon(dataDir);
    try {
      const run = startCli(['run', file, '--data', dataDir]);
      const { code, stdout, stderr } = await run.done;
      expect(code).toBe(0);
      expect(stdout).toBe('starting\n::status Reading input\n::progress 40 Copying files\ndone\n');
      expect(stderr).toContain('[status] 40% Copying files');
      expect(stderr).not.toMatch(/\[status\] *\n/);
      expect(stderr).toMatch(/✓ Reporter: completed in [\d.]+ s \(exit code 0\) — log: /);
      await daemon.waitForOutput(/▶ Reporter started \(automation-hub run, pid \d+/);
      const recorded = await history(dataDir, 'Reporter');
      expect(recorded.map((r) => [r.status, r.trigger.kind])).toEqual([['CompletedSuccessfully', 'cli']]);
      expect(recorded[0]?.logPath?.startsWith(join(dataDir, 'logs'))).toBe(true);
    } finally {
      daemon.kill('SIGTERM');
      await daemon.done;
    }
  });

  it('ten runs of a skip job at once through a daemon: one runs and is recorded, nine say why (exit 3)', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    const file = join(await tempDir(), 'once.json');
    await writeFile(file, JSON.stringify(sleeper('Once', 6000, pidsFile)));
    const daemon = await startDaemon(dataDir);
    try {
      const runs = Array.from({ length: 10 }, () => startCli(['run', file, '--data', dataDir]));
      const results = await Promise.all(runs.map((r) => r.done));
      expect(results.map((r) => r.code).sort()).toEqual([0, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
      for (const skipped of results.filter((r) => r.code === 3))
        expect(skipped.stderr).toMatch(
          /– Once: skipped: "Once" is already running \(run [0-9a-f]{8} started/,
        );
      expect((await history(dataDir, 'Once')).map((r) => r.status)).toEqual(['CompletedSuccessfully']);
      expect(await readPids(pidsFile, 1)).toHaveLength(1);
    } finally {
      daemon.kill('SIGTERM');
      await daemon.done;
    }
  });

  it('ten runs of a skip job at once with no hub: one owns the folder, one run, recorded; nothing left behind', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    const file = join(await tempDir(), 'once.json');
    await writeFile(file, JSON.stringify(sleeper('Once', 6000, pidsFile)));
    const runs = Array.from({ length: 10 }, () => startCli(['run', file, '--data', dataDir]));
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code).sort()).toEqual([0, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    const recorded = await history(dataDir, 'Once');
    expect(recorded.map((r) => r.status)).toEqual(['CompletedSuccessfully']);
    const pids = await readPids(pidsFile, 1);
    await expectNoSurvivors([...pids, ...runs.map((r) => r.pid)]);
    // The folder is free again: a daemon can start at once.
    const daemon = await startDaemon(dataDir);
    daemon.kill('SIGTERM');
    expect((await daemon.done).code).toBe(0);
  });

  it('runs a library job by name, and a relative working folder means the job file’s folder everywhere', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'jobs', 'work'), { recursive: true });
    const job = {
      name: 'Where',
      process: {
        command: process.execPath,
        arguments: ['-e', 'console.log(process.cwd())'],
        workingDirectory: 'work',
      },
    };
    const file = await writeJob(dataDir, 'where.json', job);
    const expected = `${join(dataDir, 'jobs', 'work')}\n`;
    // From another folder, with no hub: the job file's folder, not the shell's.
    const byFile = startCli(['run', file, '--data', dataDir], {}, { cwd: await tempDir() });
    expect((await byFile.done).stdout).toBe(expected);
    const daemon = await startDaemon(dataDir);
    try {
      const byName = startCli(['run', 'Where', '--data', dataDir], {}, { cwd: await tempDir() });
      const { code, stdout } = await byName.done;
      expect(code).toBe(0);
      expect(stdout).toBe(expected);
      await daemon.waitForOutput(/✓ Where: completed/);
    } finally {
      daemon.kill('SIGTERM');
      await daemon.done;
    }
  });
});
