import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import { captureIO, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

/** A job whose process writes its pid and then sleeps: cheap enough to run fifty at once. */
const sleeperJob = (name: string, pidsFile: string, extra: object = {}) => ({
  name,
  process: { command: '/bin/sh', arguments: ['-c', `echo $$ >> "${pidsFile}"; exec sleep 120`] },
  ...extra,
});

describe('automation-hub daemon', () => {
  it('runs jobs on their triggers, prints one line per event, and on SIGTERM cancels, records and exits 0', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    await writeJob(dataDir, 'tick.json', {
      name: 'Tick',
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0'] },
      triggers: [{ type: 'schedule', cron: '* * * * * *' }],
    });
    await writeJob(
      dataDir,
      'long.json',
      sleeperJob('Long', pidsFile, { triggers: [{ type: 'interval', everyMinutes: 0.0167 }] }),
    );
    await writeJob(dataDir, 'bad.json', '{ "name": "Bad" }');
    const daemon = startCli(['daemon', '--data', dataDir]);
    await daemon.waitForOutput(/✓ Tick: completed in/);
    const [pid] = await readPids(pidsFile, 1);
    const started = await daemon.waitForOutput(/▶ Long started \(every 0\.0167 minutes, pid \d+/);
    expect(started).toMatch(/\[warning\] Job file not loaded: bad\.json:1:1: process: required/);
    daemon.kill('SIGTERM');
    const { code, stdout } = await daemon.done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/SIGTERM received: stopping triggers and cancelling 1 running job\(s\)/);
    expect(stdout).toMatch(/⊘ Long: cancelled after [\d.]+ s \(the hub is stopping\)/);
    expect(stdout.trimEnd().endsWith('Stopped.')).toBe(true);
    await expectNoSurvivors([pid ?? 0, daemon.pid]);

    const io = captureIO();
    expect(await main(['history', '--data', dataDir, '--job', 'Long', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out)[0]).toMatchObject({ jobName: 'Long', status: 'Cancelled' });
  });

  it('after a SIGKILL with 50 jobs running, the next daemon reports 50 interrupted runs, leaves no orphan and loses nothing', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ maxConcurrentJobs: 64 }));
    await writeJob(dataDir, 'quick.json', {
      name: 'Quick',
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0'] },
      triggers: [{ type: 'interval', everyMinutes: 0.0167 }],
    });
    for (let i = 0; i < 50; i++) {
      await writeJob(
        dataDir,
        `sleeper-${i}.json`,
        sleeperJob(`Sleeper ${i}`, pidsFile, { triggers: [{ type: 'schedule', cron: '* * * * * *' }] }),
      );
    }
    const first = startCli(['daemon', '--data', dataDir]);
    const pids = await readPids(pidsFile, 50, 60_000);
    await first.waitForOutput(/✓ Quick: completed[\s\S]*✓ Quick: completed/, 30_000);
    first.kill('SIGKILL');
    await first.done;

    const before = captureIO();
    await main(['history', '--data', dataDir, '--json', '--limit', '10000'], before);
    const completedBefore = (JSON.parse(before.out) as { runId: string; status: string }[]).filter(
      (r) => r.status === 'CompletedSuccessfully',
    );
    expect(completedBefore.length).toBeGreaterThanOrEqual(2);

    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ maxConcurrentJobs: 64, triggersPaused: true }),
    );
    const second = startCli(['daemon', '--data', dataDir]);
    const output = await second.waitForOutput(/Ctrl\+C stops\./, 60_000);
    expect(output.match(/\[warning\] Recovered an interrupted run of "Sleeper \d+"/g)).toHaveLength(50);
    expect(output.match(/↯ Sleeper \d+: interrupted after/g)).toHaveLength(50);
    await expectNoSurvivors(pids);
    second.kill('SIGINT');
    expect((await second.done).code).toBe(0);

    const after = captureIO();
    await main(['history', '--data', dataDir, '--json', '--limit', '10000'], after);
    const runs = JSON.parse(after.out) as { runId: string; jobName: string; status: string }[];
    // 50 sleepers, and possibly the run of "Quick" that was in progress at the kill: interrupted too, rightly.
    expect(runs.filter((r) => r.status === 'Interrupted' && r.jobName.startsWith('Sleeper'))).toHaveLength(
      50,
    );
    expect(
      runs.filter((r) => r.status === 'Interrupted' && !r.jobName.startsWith('Sleeper')).length,
    ).toBeLessThanOrEqual(1);
    const ids = new Set(runs.map((r) => r.runId));
    expect(completedBefore.every((r) => ids.has(r.runId))).toBe(true);
  }, 120_000);
});

describe('automation-hub jobs and history', () => {
  it('lists the library with validity, triggers and next run; exit 2 when a file is invalid', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'nightly.json', {
      name: 'Nightly',
      process: { command: 'backup.exe' },
      triggers: [{ type: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Berlin' }],
    });
    const io = captureIO();
    expect(await main(['jobs', '--data', dataDir], io)).toBe(0);
    expect(io.out).toContain(
      'Nightly  [enabled]  nightly.json\n    cron "0 2 * * *" (Europe/Berlin) — next ',
    );

    await writeJob(
      dataDir,
      'typo.json',
      '{ "name": "Typo", "process": { "command": "x", "timeoutMinuts": 5 } }',
    );
    const json = captureIO();
    expect(await main(['jobs', '--data', dataDir, '--json'], json)).toBe(2);
    const typo = (
      JSON.parse(json.out) as {
        fileName: string;
        valid: boolean;
        problems: { field: string; message: string }[];
      }[]
    ).find((j) => j.fileName === 'typo.json');
    expect(typo?.valid).toBe(false);
    expect(typo?.problems[0]).toMatchObject({
      field: 'process.timeoutMinuts',
      message: expect.stringContaining('did you mean "timeoutMinutes"'),
    });

    const empty = captureIO();
    expect(await main(['history', '--data', dataDir], empty)).toBe(0);
    expect(empty.out).toBe('No runs recorded yet.\n');
  });
});
