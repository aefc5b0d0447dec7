import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAwakeClock } from '../../../../src/main/core/clock/awake-clock';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import { newRunIdentity } from '../../../../src/main/core/execution/run-result';
import type { StatusLine } from '../../../../src/main/core/execution/status-protocol';
import { readLogOutput } from '../../../../src/main/core/store/read-log-output';
import { freezeEventLoop } from '../../../helpers/freeze';
import { logOutputSize } from '../../../helpers/logs';
import { expectNoSurvivors, fixture, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const node = process.execPath;
const service = new ProcessExecutionService();
const tempDir = useTempDirs();

describe('ProcessExecutionService', () => {
  it('runs a job, writes its log and reports success as soon as it exits', async () => {
    const logDir = await tempDir();
    const result = await service.execute(
      'Quick',
      {
        command: node,
        arguments: [fixture('job-exit.mjs'), '0', '0', 'hello from the job'],
        startupSeconds: 60,
      },
      { logDir },
    );
    expect(result).toMatchObject({
      jobName: 'Quick',
      success: true,
      status: 'CompletedSuccessfully',
      exitCode: 0,
    });
    expect(result.message).toMatch(/^completed in [\d.]+ s \(exit code 0\)$/);
    // A 60 s startup window did not hold the result back.
    expect(result.durationMs).toBeLessThan(60_000);
    expect(result.outputTail).toBe('hello from the job\n');
    expect(result.logPath).not.toBeNull();
    // The log: which run it is, the job's output as it wrote it, and how the run ended.
    // (Lines end as the platform's text files do: CRLF on Windows, around the job's own bytes.)
    const log = (await readFile(result.logPath ?? '', 'utf8')).replace(/\r\n/g, '\n');
    const [header = '', rest = ''] = log.split('== output ==\n');
    const lines = header.split('\n');
    expect(lines[0]).toMatch(/^== Automation Hub \d+\.\d+\.\d+: log of one run ==$/);
    expect(lines).toContain('job:      Quick');
    const command = lines.find((line) => line.startsWith('command:  ')) ?? '';
    expect(command).toContain(`${fixture('job-exit.mjs')} 0 0 `);
    expect(command).toMatch(/["']hello from the job["']$/);
    expect(lines).toContain(`folder:   ${process.cwd()}`);
    expect(lines).toContain('trigger:  by hand');
    expect(lines).toContain(`run:      ${result.runId}`);
    expect(rest).toBe(
      `hello from the job\n\n== end: CompletedSuccessfully, exit code 0, after ${result.message.match(/in (.+) \(/)?.[1]}: ${result.message}\n`,
    );
    expect(Date.parse(result.endTime) - Date.parse(result.startTime)).toBe(result.durationMs);
    expect(await readdir(logDir)).toHaveLength(1);
  });

  it('fails immediately with a clear message when the command does not exist', async () => {
    const result = await service.execute('Missing', { command: 'no-such-program-anywhere' });
    expect(result).toMatchObject({ success: false, status: 'Failed', exitCode: null, pid: null });
    expect(result.message).toMatch(/^process\.command: Command not found: "no-such-program-anywhere"/);
  });

  // Linux refuses one variable over 128 KiB (E2BIG); Windows takes larger ones, so there it would start.
  it.skipIf(process.platform === 'win32')(
    'explains an environment too large to start a process with (E2BIG), naming the variable',
    async () => {
      const result = await service.execute('Huge', {
        command: node,
        arguments: [fixture('job-exit.mjs'), '0'],
        environment: { HUGE_LIST: 'x'.repeat(300_000) },
      });
      expect(result.status).toBe('Failed');
      expect(result.message).toMatch(
        /^process\.environment: could not start ".+": the environment and command line are too large for the system to pass to a new process \([\d.]+ KB of environment variables in \d+ entries, [\d.]+ B of arguments; the largest is HUGE_LIST \(293\.0 KB, over the limit for one variable\)\)\. .*Make the variables smaller/,
      );
      expect(result.message).not.toContain('spawn E2BIG');
    },
  );

  it('fails before spawning when the working directory is missing', async () => {
    const dir = await tempDir();
    const result = await service.execute('No folder', {
      command: node,
      arguments: ['-e', '0'],
      workingDirectory: join(dir, 'gone'),
    });
    expect(result).toMatchObject({ status: 'Failed', pid: null });
    expect(result.message).toBe(
      `process.workingDirectory: folder "${join(dir, 'gone')}" does not exist. Create it, or fix process.workingDirectory.`,
    );
  });

  it('reports a crash during startup with its exit code, and a later crash without "startup"', async () => {
    const early = await service.execute('Crash', {
      command: node,
      arguments: [fixture('job-exit.mjs'), '3', '0', 'cannot open data.txt'],
    });
    expect(early).toMatchObject({ status: 'Failed', exitCode: 3, success: false });
    expect(early.message).toMatch(
      /^failed during startup: exited with code 3 after [\d.]+ s\. Last output: cannot open data\.txt$/,
    );

    const late = await service.execute('Late crash', {
      command: node,
      arguments: [fixture('job-exit.mjs'), '4', '600'],
      startupSeconds: 0.2,
    });
    expect(late).toMatchObject({ status: 'Failed', exitCode: 4 });
    expect(late.message).toMatch(/^failed: exited with code 4 after/);
  });

  it('treats successExitCodes as success', async () => {
    const result = await service.execute('Robocopy-like', {
      command: node,
      arguments: [fixture('job-exit.mjs'), '3'],
      successExitCodes: [0, 1, 2, 3],
    });
    expect(result).toMatchObject({ success: true, status: 'CompletedSuccessfully', exitCode: 3 });
  });

  it('kills the whole tree on timeout, including a grandchild that ignores SIGTERM', async () => {
    const dir = await tempDir();
    const pidsFile = join(dir, 'pids');
    const started = service.execute(
      'Slow tree',
      {
        command: node,
        arguments: [fixture('tree.mjs'), '--depth', '3', '--ignore-term', '--pids-file', pidsFile],
        timeoutMinutes: 0.05,
      },
      { killGraceMs: 300 },
    );
    const pids = await readPids(pidsFile, 3);
    const result = await started;
    expect(result.status).toBe('TimedOut');
    expect(result.success).toBe(false);
    expect(result.message).toBe(
      'timed out after 3.0 s (timeoutMinutes: 0.05); the job and all its child processes were stopped',
    );
    await expectNoSurvivors(pids, 0);
  });

  it('cancels on abort and kills the tree', async () => {
    const dir = await tempDir();
    const pidsFile = join(dir, 'pids');
    const controller = new AbortController();
    const statuses: StatusLine[] = [];
    const started = service.execute(
      'Cancellable',
      { command: node, arguments: [fixture('tree.mjs'), '--depth', '2', '--pids-file', pidsFile] },
      { signal: controller.signal, onStatus: (s) => statuses.push(s) },
    );
    const pids = await readPids(pidsFile, 2);
    controller.abort('stopped by the test');
    const result = await started;
    expect(result.status).toBe('Cancelled');
    expect(result.message).toMatch(
      /^cancelled after [\d.]+ s \(stopped by the test\); the job and all its child processes were stopped$/,
    );
    await expectNoSurvivors(pids, 0);
  });

  it('reports status lines and progress as they are printed', async () => {
    const statuses: StatusLine[] = [];
    let spawnedPid = 0;
    const result = await service.execute(
      'Reporter',
      { command: node, arguments: [fixture('job-status.mjs'), '100'] },
      { onStatus: (s) => statuses.push(s), onSpawn: ({ pid }) => (spawnedPid = pid) },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    expect(statuses).toEqual([
      { kind: 'status', message: 'Reading input' },
      { kind: 'progress', percent: 40, message: 'Copying files' },
    ]);
    expect(result.pid).toBe(spawnedPid);
  });

  it('stops processes a job left behind when it exited, and says so', async () => {
    const dir = await tempDir();
    const pidsFile = join(dir, 'pids');
    const result = await service.execute('Leaves orphans', {
      command: node,
      arguments: [fixture('tree.mjs'), '--depth', '3', '--pids-file', pidsFile, '--exit-root-after', '200'],
    });
    const pids = await readPids(pidsFile, 3);
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.message).toContain(
      '2 leftover processes were still running after the job ended and were stopped',
    );
    await expectNoSurvivors(pids, 0);
  });

  it('passes environment, working directory and the run marker; keeps a failing hook from breaking the run', async () => {
    const dir = await tempDir();
    const result = await service.execute(
      newRunIdentity('Env', { runId: 'run-123' }),
      {
        command: node,
        arguments: [fixture('job-env.mjs'), 'MY_VAR', 'AUTOMATION_HUB_RUN_ID', 'EXTRA'],
        workingDirectory: dir,
        environment: { MY_VAR: 'value with spaces' },
      },
      {
        extraEnv: { EXTRA: 'from the hub' },
        onSpawn: () => {
          throw new Error('hook bug');
        },
      },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.outputTail).toContain(`cwd=${dir}\n`);
    expect(result.outputTail).toContain('MY_VAR=value with spaces\n');
    expect(result.outputTail).toContain('AUTOMATION_HUB_RUN_ID=run-123\n');
    expect(result.outputTail).toContain('EXTRA=from the hub\n');
  });

  it('drains a flood of output to the log without blocking and keeps a bounded tail', async () => {
    const logDir = await tempDir();
    const result = await service.execute(
      'Flood',
      { command: node, arguments: [fixture('job-flood.mjs'), '200'] },
      { logDir },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    // Every byte of output, between the run's header and its outcome line.
    expect(await logOutputSize(result.logPath ?? '')).toBe(200 * 1024 * 1024);
    expect((await readLogOutput(result.logPath ?? '', 16))?.text).toBe('xxxxxxxxxxxxxxx\n');
    expect(Buffer.byteLength(result.outputTail)).toBeLessThanOrEqual(64 * 1024);
    expect(result.outputTail.endsWith('x\n')).toBe(true);
  });

  it('runs the job even when its log cannot be written, and reports why', async () => {
    const dir = await tempDir();
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the log folder should be');
    const result = await service.execute(
      'No log',
      { command: node, arguments: [fixture('job-exit.mjs'), '0', '0', 'still ran'] },
      { logDir: blocker },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.logPath).toBeNull();
    expect(result.outputTail).toBe('still ran\n');
    expect(result.message).toMatch(/the log file .* could not be created \(.*\); output was not saved$/);
  });

  it('returns Cancelled without starting when the signal is already aborted', async () => {
    const result = await service.execute('Never', { command: node }, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: 'Cancelled', pid: null });
  });
});

describe('ProcessExecutionService across sleep', () => {
  it('does not count time the machine slept against the timeout', async () => {
    const clock = createAwakeClock({ tickMs: 100, minGapMs: 500 });
    const pids: number[] = [];
    const result = await service.execute(
      'Overnight',
      // Runs 2.5 s; its timeout is 1.5 s of awake time. The hub "sleeps" 2 s in between.
      { command: node, arguments: [fixture('job-sleep.mjs'), '2500'], timeoutMinutes: 0.025 },
      {
        clock,
        onSpawn: ({ pid }) => {
          pids.push(pid);
          setTimeout(() => freezeEventLoop(2000), 300);
        },
      },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    await expectNoSurvivors(pids, 0);
  });
});
