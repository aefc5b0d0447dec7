import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main';
import { captureIO, startCli } from '../../helpers/cli';
import { writeJob } from '../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../helpers/processes';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

async function jobFile(dir: string, job: object, name = 'job.json'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(job, null, 2));
  return path;
}

const nodeJob = (name: string, args: string[], extra: object = {}) => ({
  name,
  process: { command: process.execPath, arguments: args, ...extra },
});

describe('automation-hub run', () => {
  it('prints exactly one JSON result with --json and exits 0 on success', async () => {
    const dir = await tempDir();
    const file = await jobFile(dir, nodeJob('Hello', [fixture('job-exit.mjs'), '0', '0', 'hi']));
    const io = captureIO();
    const code = await main(['run', file, '--json', '--log-dir', join(dir, 'logs')], io);
    expect(code).toBe(0);
    const result = JSON.parse(io.out);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'jobName',
        'success',
        'status',
        'exitCode',
        'message',
        'startTime',
        'endTime',
        'durationMs',
        'logPath',
        'outputTail',
      ]),
    );
    expect(result).toMatchObject({
      jobName: 'Hello',
      success: true,
      status: 'CompletedSuccessfully',
      exitCode: 0,
      outputTail: 'hi\n',
    });
    expect(result.logPath.startsWith(join(dir, 'logs'))).toBe(true);
  });

  it('streams output and prints a summary; exit code 1 on failure', async () => {
    const dir = await tempDir();
    const file = await jobFile(dir, nodeJob('Broken', [fixture('job-exit.mjs'), '5', '0', 'it broke']));
    const io = captureIO();
    expect(await main(['run', file, '--log-dir', dir], io)).toBe(1);
    expect(io.out).toBe('it broke\n');
    expect(io.err).toMatch(
      /^✗ Broken: failed during startup: exited with code 5 after [\d.]+ s\. Last output: it broke — log: /m,
    );
  });

  it('exits 124 when --timeout stops the job', async () => {
    const dir = await tempDir();
    const file = await jobFile(dir, nodeJob('Sleepy', [fixture('job-sleep.mjs'), '60000']));
    const io = captureIO();
    expect(await main(['run', file, '--json', '--timeout', '500ms', '--log-dir', dir], io)).toBe(124);
    expect(JSON.parse(io.out)).toMatchObject({
      status: 'TimedOut',
      message: expect.stringContaining('timed out after 0.5 s'),
    });
  });

  it('says a timeout given with --timeout in its own words, not as a fraction of a minute', async () => {
    const dir = await tempDir();
    const file = await jobFile(dir, nodeJob('Sleepy', [fixture('job-sleep.mjs'), '60000']));
    const io = captureIO();
    expect(await main(['run', file, '--timeout', '1s', '--log-dir', dir], io)).toBe(124);
    expect(io.err).toContain('✗ Sleepy: timed out after 1.0 s (timeout: 1.0 s, given for this run); the job');
    expect(io.err).not.toContain('timeoutMinutes');
  });

  it('prints status lines with their progress, and no empty one when the startup window passes', async () => {
    const dir = await tempDir();
    const status = await jobFile(
      dir,
      nodeJob('Reporter', [fixture('job-status.mjs'), '1200'], { startupSeconds: 0.3 }),
      'status.json',
    );
    const quiet = await jobFile(
      dir,
      nodeJob('Quiet', [fixture('job-sleep.mjs'), '1200'], { startupSeconds: 0.3 }),
      'quiet.json',
    );
    const io = captureIO();
    expect(await main(['run', status, '--log-dir', dir], io)).toBe(0);
    expect(io.err.split('\n').filter((line) => line.startsWith('[status]'))).toEqual([
      '[status] Reading input',
      '[status] 40% Copying files',
    ]);
    const silent = captureIO();
    expect(await main(['run', quiet, '--log-dir', dir], silent)).toBe(0);
    expect(silent.err).not.toContain('[status]');
    // A bare percentage: shown once.
    const bare = await jobFile(
      dir,
      {
        name: 'Bare',
        process: { command: process.execPath, arguments: ['-e', "console.log('::progress 40')"] },
      },
      'bare.json',
    );
    const percent = captureIO();
    expect(await main(['run', bare, '--log-dir', dir], percent)).toBe(0);
    expect(percent.err.split('\n').filter((line) => line.startsWith('[status]'))).toEqual(['[status] 40%']);
  });

  it('announces each retry with its delay and attempt, after the failed attempt’s summary', async () => {
    const dir = await tempDir();
    const file = await jobFile(dir, {
      ...nodeJob('Flaky', [fixture('job-exit.mjs'), '2', '0', 'try again']),
      retry: { attempts: 1, delaySeconds: 0.2, backoffFactor: 1 },
    });
    const io = captureIO();
    expect(await main(['run', file, '--log-dir', dir], io)).toBe(1);
    expect(io.out).toBe('try again\ntry again\n');
    expect(io.err).toMatch(
      /^\[retry\] ✗ Flaky: failed during startup: exited with code 2 after [\d.]+ s\. Last output: try again — log: .+\n\[retry\] retrying in 0\.2 s \(attempt 2 of 2\)\n✗ Flaky: failed during startup/,
    );
  });

  it('runs, cancels, disables and enables a library job by its name in any case', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    await writeJob(dataDir, 'inbox.json', nodeJob('Inbox', [fixture('job-sleep.mjs'), '60000', pidsFile]));
    const run = main(['run', 'INBOX', '--data', dataDir], captureIO());
    const [pid] = await readPids(pidsFile, 1);
    const cancel = captureIO();
    expect(await main(['cancel', 'inbox', '--data', dataDir], cancel)).toBe(0);
    expect(cancel.out).toContain('Cancelling Inbox (run ');
    expect(await run).toBe(130);
    await expectNoSurvivors([pid ?? 0]);
    const disable = captureIO();
    expect(await main(['disable', 'iNbOx', '--data', dataDir], disable)).toBe(0);
    expect(disable.out).toBe('Inbox: disabled.\n');
    const history = captureIO();
    await main(['history', '--data', dataDir, '--job', 'inbox', '--json'], history);
    expect(JSON.parse(history.out)).toEqual([
      expect.objectContaining({ jobName: 'Inbox', status: 'Cancelled' }),
    ]);
  });

  it('exits 2 with file, line and field for an invalid job file, and for bad usage', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "name": "x",\n  "process": { "command": "a", "timeoutMinutes": -5 }\n}\n');
    const io = captureIO();
    expect(await main(['run', file], io)).toBe(2);
    expect(io.err).toContain(`${file}:3:`);
    expect(io.err).toContain('process.timeoutMinutes: must be ≥ 0 (got -5)');

    const usage = captureIO();
    expect(await main(['run'], usage)).toBe(2);
    expect(usage.err).toContain('Usage: automation-hub run');
    const badTimeout = captureIO();
    expect(await main(['run', file, '--timeout', 'soon'], badTimeout)).toBe(2);
    expect(badTimeout.err).toContain('--timeout: "soon" is not a duration');
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'cancels the job and kills its tree on %s, exit 130',
    async (signal) => {
      const dir = await tempDir();
      const pidsFile = join(dir, 'pids');
      const file = await jobFile(
        dir,
        nodeJob('Tree', [fixture('tree.mjs'), '--depth', '3', '--pids-file', pidsFile]),
      );
      const cli = startCli(['run', file, '--log-dir', dir]);
      const pids = await readPids(pidsFile, 3);
      cli.kill(signal);
      const { code, stderr } = await cli.done;
      expect(code).toBe(130);
      expect(stderr).toContain(`✗ Tree: cancelled after`);
      expect(stderr).toContain(`(${signal} received)`);
      await expectNoSurvivors([...pids, cli.pid], 0);
    },
  );
});

describe('automation-hub', () => {
  it('prints usage for help and refuses unknown commands', async () => {
    const help = captureIO();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out).toContain('automation-hub run <job.json>');
    const unknown = captureIO();
    expect(await main(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err).toContain('Unknown command "frobnicate"');
  });
});
