// Every way a daemon or `run` is told to stop ends with the job trees stopped and recorded; a second signal may
// hurry the grace period, never skip the kill; a closed stdout is not fatal.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import { RUN_MARKER_VARIABLE } from '../../../src/main/core/execution/run-environment';
import { processStartTime } from '../../../src/main/core/process/process-table';
import type { RunResult } from '../../../src/shared/run-types';
import { CLI, captureIO, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

async function history(dataDir: string): Promise<RunResult[]> {
  const io = captureIO();
  await main(['history', '--data', dataDir, '--json', '--limit', '1000'], io);
  return JSON.parse(io.out) as RunResult[];
}

/** A job that ignores SIGTERM: only the kill after the grace period (5 s by default) ends it. */
const stubborn = (name: string, pidsFile: string, extra: object = {}) => ({
  name,
  process: {
    command: process.execPath,
    arguments: [fixture('job-sleep.mjs'), '120000', pidsFile, '--ignore-term'],
  },
  ...extra,
});

/** `automation-hub run` of a stubborn job, once the job's process is up. */
async function runStubborn() {
  const dataDir = await tempDir();
  const pidsFile = join(dataDir, 'pids');
  const file = join(await tempDir(), 'stubborn.json');
  await writeFile(file, JSON.stringify(stubborn('Stubborn', pidsFile)));
  const run = startCli(['run', file, '--data', dataDir]);
  return { run, dataDir, pids: await readPids(pidsFile, 1) };
}

describe('stop signals', () => {
  it('daemon: a second Ctrl+C ends the grace period; the tree is still killed and the run recorded', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    await writeJob(
      dataDir,
      'stubborn.json',
      stubborn('Stubborn', pidsFile, { triggers: [{ type: 'schedule', cron: '* * * * * *' }] }),
    );
    const daemon = startCli(['daemon', '--data', dataDir]);
    await daemon.waitForOutput(/▶ Stubborn started/);
    const pids = await readPids(pidsFile, 1);
    const stoppedAt = Date.now();
    daemon.kill('SIGINT');
    await daemon.waitForOutput(/SIGINT received: stopping triggers/);
    daemon.kill('SIGINT');
    const { code, stdout } = await daemon.done;
    expect(code).toBe(0);
    expect(stdout).toContain('SIGINT received again: ending the grace period');
    // Well inside the 5 s grace period the first signal alone would have waited.
    expect(Date.now() - stoppedAt).toBeLessThan(4500);
    await expectNoSurvivors([...pids, daemon.pid]);
    expect((await history(dataDir)).map((r) => [r.jobName, r.status])).toContainEqual([
      'Stubborn',
      'Cancelled',
    ]);
  });

  it('run: one Ctrl+C gives the job its whole grace period before the kill', async () => {
    const { run, pids } = await runStubborn();
    const stoppedAt = Date.now();
    run.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    // The default grace period is 5 s: nothing may make one signal count as two (a library re-raising it).
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(4500);
    await expectNoSurvivors([...pids, run.pid]);
  });

  it('run: two Ctrl+C stop a job that ignores the first, kill its tree and exit 130', async () => {
    const { run, dataDir, pids } = await runStubborn();
    run.kill('SIGINT');
    await run.waitForOutput(/SIGINT received: stopping the job/);
    run.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    expect(stderr).toMatch(/✗ Stubborn: cancelled after [\d.]+ s \(SIGINT received\)/);
    await expectNoSurvivors([...pids, run.pid]);
    expect((await history(dataDir)).map((r) => r.status)).toEqual(['Cancelled']);
  });

  it.each(['SIGHUP', 'SIGTERM'] as const)(
    'daemon: %s stops the job trees and records the runs',
    async (signal) => {
      const dataDir = await tempDir();
      const pidsFile = join(dataDir, 'pids');
      await writeJob(dataDir, 'long.json', {
        name: 'Long',
        process: { command: process.execPath, arguments: [fixture('job-sleep.mjs'), '120000', pidsFile] },
        triggers: [{ type: 'schedule', cron: '* * * * * *' }],
      });
      const daemon = startCli(['daemon', '--data', dataDir]);
      await daemon.waitForOutput(/▶ Long started/);
      const pids = await readPids(pidsFile, 1);
      daemon.kill(signal);
      const { code } = await daemon.done;
      expect(code).toBe(0);
      await expectNoSurvivors([...pids, daemon.pid]);
    },
  );

  it('daemon: Ctrl+C during start-up recovery waits for the recovered tree to be stopped and recorded', async () => {
    const dataDir = await tempDir();
    const runId = 'recovering-run';
    // A process a crashed hub left behind, ignoring SIGTERM: recovery must wait out the grace period to kill it.
    const orphan = spawn(process.execPath, [fixture('job-sleep.mjs'), '120000', '-', '--ignore-term'], {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, [RUN_MARKER_VARIABLE]: runId },
    });
    const pid = orphan.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dataDir, 'state'), { recursive: true });
    const startTime = new Date().toISOString();
    await writeFile(
      join(dataDir, 'state', 'running.json'),
      JSON.stringify({
        runs: [
          {
            runId,
            jobName: 'Left',
            pid,
            pidStartTime: await processStartTime(pid),
            startTime,
            logPath: null,
            hubPid: 999_999,
            trigger: { kind: 'manual' },
            attempt: 1,
            firstRunId: runId,
          },
        ],
      }),
    );
    try {
      const daemon = startCli(['daemon', '--data', dataDir]);
      await daemon.waitForOutput(/Automation Hub daemon starting on/);
      daemon.kill('SIGINT');
      const { code } = await daemon.done;
      expect(code).toBe(0);
      await expectNoSurvivors([pid, daemon.pid]);
      expect((await history(dataDir)).map((r) => [r.runId, r.status])).toEqual([[runId, 'Interrupted']]);
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Stopped by the recovery, as it should be.
      }
    }
  });

  it('daemon: a reader that stops reading its stdout never stops it; its lines wait in memory', async () => {
    const dataDir = await tempDir();
    // Some 100 KB of lines at start (a notice per file that does not load), more than a pipe holds.
    for (let i = 0; i < 400; i++)
      await writeJob(dataDir, `broken-${String(i).padStart(3, '0')}-${'x'.repeat(80)}.json`, '{ "name": ');
    const daemon = spawn(process.execPath, [CLI, 'daemon', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    daemon.stdout.pause();
    try {
      // It answers (and so it runs its event loop: timers, signals, runs) with its stdout full.
      let answered = false;
      for (let tries = 0; tries < 100 && !answered; tries++) {
        answered = (await main(['status', '--data', dataDir], captureIO())) === 0;
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(answered).toBe(true);
      daemon.kill('SIGTERM');
      // What it printed is still there for the reader, up to its last line.
      const rest: Buffer[] = [];
      daemon.stdout.on('data', (chunk: Buffer) => rest.push(chunk));
      daemon.stdout.resume();
      const code = await new Promise((resolve) => daemon.once('exit', resolve));
      expect(Buffer.concat(rest).toString()).toContain('Stopped.');
      expect(code).toBe(0);
    } finally {
      daemon.kill('SIGKILL');
    }
    await expectNoSurvivors([daemon.pid ?? 0]);
  });

  it('daemon: a closed stdout (daemon | head) does not stop it; it keeps running jobs', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'tick.json', {
      name: 'Tick',
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0', '0', 'tick'] },
      triggers: [{ type: 'interval', everyMinutes: 0.0167 }],
    });
    const daemon = spawn(process.execPath, [CLI, 'daemon', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => daemon.stdout.once('data', () => resolve()));
    daemon.stdout.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(daemon.exitCode).toBeNull();
    const before = (await history(dataDir)).length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await history(dataDir)).length).toBeGreaterThan(before);
    const status = captureIO();
    expect(await main(['status', '--data', dataDir], status)).toBe(0);
    daemon.kill('SIGTERM');
    await new Promise((resolve) => daemon.once('exit', resolve));
    expect(daemon.exitCode).toBe(0);
    await expectNoSurvivors([daemon.pid ?? 0]);
  });
});
