// Jobs that misbehave, run for real: each must end with the right status and words, and leave no
// process behind. "No process behind" is checked two ways: every pid the job reported is dead, and
// no live process carries the run's marker (AUTOMATION_HUB_RUN_ID=<run id>) in its environment.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExecuteOptions,
  ProcessExecutionService,
} from '../../src/main/core/execution/process-execution-service';
import { RUN_MARKER_VARIABLE } from '../../src/main/core/execution/run-environment';
import { newRunIdentity } from '../../src/main/core/execution/run-result';
import { JobExecutionOrchestrator } from '../../src/main/core/orchestrator/job-execution-orchestrator';
import type { ProcessSettings } from '../../src/shared/job-schema';
import { OUTPUT_TAIL_BYTES, type RunResult } from '../../src/shared/run-types';
import { job } from '../helpers/jobs';
import { logOutput, logOutputSize } from '../helpers/logs';
import {
  describeProcess,
  expectNoSurvivors,
  type Marker,
  ProcessTracker,
  pidsWithMarker,
  readPids,
  readPidsNow,
} from '../helpers/processes';
import { useTempDirs } from '../helpers/temp';

const node = process.execPath;
const service = new ProcessExecutionService();
const tempDir = useTempDirs();
const KILL_GRACE_MS = 200;
// Signals, process groups, /bin/sh and deleting a busy folder are POSIX matters; Windows ends trees with
// taskkill (tested in test/main/core/process) and refuses to delete a running process's working folder.
const windows = process.platform === 'win32';

/** Absolute path of test/fixtures/fault-scripts/<name>. */
const faultScript = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/fault-scripts/${name}`, import.meta.url));

let tracker: ProcessTracker;
beforeEach(() => {
  tracker = new ProcessTracker();
});
afterEach(async () => {
  // Kills whatever a failed test left and fails if even that does not work.
  await tracker.cleanup();
});

interface FaultRun {
  result: RunResult;
  marker: Marker;
}

/** Runs a fault script with node through ProcessExecutionService under a known run id. */
async function runScript(
  script: string,
  args: string[],
  settings: Partial<ProcessSettings> = {},
  options: ExecuteOptions = {},
): Promise<FaultRun> {
  const runId = randomUUID();
  const marker = { name: RUN_MARKER_VARIABLE, value: runId };
  tracker.trackMarker(marker);
  const result = await service.execute(
    newRunIdentity(script, { runId }),
    { command: node, arguments: [faultScript(script), ...args], ...settings },
    { killGraceMs: KILL_GRACE_MS, ...options },
  );
  if (result.pid !== null) tracker.track(result.pid);
  return { result, marker };
}

/** The moment a run has ended, every process it had is gone: the known pids and any marker carrier. */
async function expectNothingLeft(pids: number[], marker: Marker): Promise<void> {
  tracker.track(...pids);
  await expectNoSurvivors(pids, 0);
  // Only Linux lets us read other processes' environments.
  if (process.platform === 'linux') expect(pidsWithMarker(marker).map(describeProcess)).toEqual([]);
}

describe.skipIf(windows)('a job that ignores SIGTERM', () => {
  it('times out and is ended with SIGKILL after the grace period', async () => {
    const pidsFile = tracker.pidsFile();
    const { result, marker } = await runScript(
      'ignore-term.mjs',
      [pidsFile],
      // 3 s: long enough for node to start and install its handler even on a busy machine.
      { timeoutMinutes: 0.05 },
    );
    expect(result).toMatchObject({ status: 'TimedOut', success: false, exitCode: null, signal: 'SIGKILL' });
    expect(result.message).toBe(
      'timed out after 3.0 s (timeoutMinutes: 0.05); the job and all its child processes were stopped',
    );
    // It was asked first (SIGTERM, which it logged and ignored), then forced.
    expect(result.outputTail).toContain('SIGTERM received and ignored');
    const pids = readPidsNow(pidsFile);
    expect(pids).toEqual([result.pid]);
    await expectNothingLeft(pids, marker);
  });

  it('is cancelled with SIGKILL after the grace period', async () => {
    const pidsFile = tracker.pidsFile();
    const controller = new AbortController();
    const running = runScript('ignore-term.mjs', [pidsFile], {}, { signal: controller.signal });
    const pids = await readPids(pidsFile, 1);
    controller.abort('stopped by the test');
    const { result, marker } = await running;
    expect(result).toMatchObject({ status: 'Cancelled', success: false, exitCode: null, signal: 'SIGKILL' });
    expect(result.message).toMatch(
      /^cancelled after [\d.]+ s \(stopped by the test\); the job and all its child processes were stopped$/,
    );
    expect(result.outputTail).toContain('SIGTERM received and ignored');
    await expectNothingLeft(pids, marker);
  });
});

describe.skipIf(windows)('a job that starts background processes and exits', () => {
  it.each([
    { label: 'in its process group', flags: [] },
    { label: 'in their own session (outside the group)', flags: ['--setsid'] },
    { label: 'ignoring SIGTERM', flags: ['--ignore-term'] },
    { label: 'holding the output pipes open', flags: ['--hold-output'] },
    { label: 'all of that at once', flags: ['--setsid', '--ignore-term', '--hold-output'] },
  ])('completes, says leftovers were stopped, and leaves none: grandchildren $label', async ({ flags }) => {
    const pidsFile = tracker.pidsFile();
    const { result, marker } = await runScript('orphans.mjs', [
      '--pids-file',
      pidsFile,
      '--count',
      '3',
      ...flags,
    ]);
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    expect(result.message).toMatch(
      /^completed in [\d.]+ s \(exit code 0\); 3 leftover processes were still running after the job ended and were stopped$/,
    );
    expect(result.outputTail).toContain('started 3 background processes; exiting');
    const pids = readPidsNow(pidsFile);
    expect(pids).toHaveLength(4);
    await expectNothingLeft(pids, marker);
  });

  it('keeps its real exit code when it fails, and still reports and stops the leftovers', async () => {
    const pidsFile = tracker.pidsFile();
    const { result, marker } = await runScript('orphans.mjs', [
      '--pids-file',
      pidsFile,
      '--count',
      '1',
      '--exit-code',
      '3',
    ]);
    expect(result).toMatchObject({ status: 'Failed', success: false, exitCode: 3 });
    expect(result.message).toMatch(
      /^failed during startup: exited with code 3 after [\d.]+ s\. Last output: started 1 background processes; exiting; 1 leftover process was still running after the job ended and was stopped$/,
    );
    await expectNothingLeft(readPidsNow(pidsFile), marker);
  });
});

// Linux and macOS. On Windows the hub cannot yet find processes whose parent already exited (taskkill /T walks
// live parents only; the complete answer is a Job Object), so this guarantee is not made there: see the README's
// "Process trees" and the closing note of the reliability issue.
describe.skipIf(windows)('a job that starts background node processes and exits', () => {
  it('completes, says the leftovers were stopped, and leaves none', async () => {
    const pidsFile = tracker.pidsFile();
    const { result, marker } = await runScript('orphans.mjs', [
      '--pids-file',
      pidsFile,
      '--count',
      '2',
      '--node',
    ]);
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    expect(result.message).toMatch(
      /^completed in [\d.]+ s \(exit code 0\); 2 leftover processes were still running after the job ended and were stopped$/,
    );
    const pids = readPidsNow(pidsFile);
    expect(pids).toHaveLength(3);
    await expectNothingLeft(pids, marker);
  });
});

describe.skipIf(windows)(
  'a job that keeps starting short-lived children (bounded: ≤ 200, one per 10 ms)',
  () => {
    it.each([
      { label: 'in its process group', flags: [] },
      { label: 'each in its own session', flags: ['--setsid-children'] },
    ])('is cancelled through the orchestrator with no survivors: children $label', async ({ flags }) => {
      const pidsFile = tracker.pidsFile();
      const runIds: string[] = [];
      const orchestrator = new JobExecutionOrchestrator({
        killGraceMs: KILL_GRACE_MS,
        logDir: null,
        onSpawned: (run) => runIds.push(run.runId),
      });
      const storm = job({
        name: 'Respawn loop',
        process: {
          command: node,
          arguments: [faultScript('fork-storm.mjs'), '--pids-file', pidsFile, ...flags],
        },
      });
      const running = orchestrator.executeJob(storm);
      // The storm is well under way: its own pid plus 30 children.
      await readPids(pidsFile, 31, 10_000);
      const runId = runIds[0] ?? '';
      const marker = { name: RUN_MARKER_VARIABLE, value: runId };
      tracker.trackMarker(marker);
      expect(orchestrator.cancel(runId)).toBe(true);
      const result = await running;
      expect(result).toMatchObject({ status: 'Cancelled', success: false, runId });
      expect(result.message).toMatch(
        /^cancelled after [\d.]+ s \(cancelled by the user\); the job and all its child processes were stopped$/,
      );
      const pids = readPidsNow(pidsFile);
      expect(pids.length).toBeGreaterThanOrEqual(31);
      expect(pids.length).toBeLessThanOrEqual(201);
      await expectNothingLeft(pids, marker);
      // Nothing was started after the run ended.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(readPidsNow(pidsFile)).toEqual(pids);
      expect(orchestrator.activeCount).toBe(0);
      expect(orchestrator.monitor.runningCount).toBe(0);
    });
  },
);

describe('output faults', () => {
  it('a job that closes stdout and stderr early but keeps working succeeds when it exits, no sooner', async () => {
    const dir = await tempDir();
    const doneFile = join(dir, 'done');
    const { result, marker } = await runScript('close-stdout.mjs', [doneFile, '700']);
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    // It ran to its end: the run did not finish when the pipes closed.
    expect(await readFile(doneFile, 'utf8')).toBe('done');
    expect(result.outputTail).toBe('about to close stdout and stderr\n');
    await expectNothingLeft([result.pid ?? 0], marker);
  });

  it.each([
    { label: 'plain', prefix: '' },
    { label: 'that starts like a status line', prefix: '::status ' },
  ])('a 100 MB line without a newline ($label): completes, tail bounded, log exact', async ({ prefix }) => {
    const logDir = await tempDir();
    const size = 100 * 1024 * 1024;
    const statuses: unknown[] = [];
    const { result, marker } = await runScript(
      'long-line.mjs',
      [String(size), prefix],
      {},
      { logDir, onStatus: (status) => statuses.push(status) },
    );
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    expect(result.outputTail).toBe('x'.repeat(OUTPUT_TAIL_BYTES));
    expect(result.logPath).not.toBeNull();
    expect(await logOutputSize(result.logPath ?? '')).toBe(size);
    // A 100 MB "status line" is output, not a status: the protocol only reads short lines.
    expect(statuses).toEqual([]);
    await expectNothingLeft([result.pid ?? 0], marker);
  });

  const INVALID_UTF8 = Buffer.concat([
    Buffer.from('Caf'),
    Buffer.from([0xe9]), // "é" in Latin-1
    Buffer.from(' ok\n'),
    Buffer.from([0x80, 0xbf, 0x0a]), // continuation bytes without a lead byte
    Buffer.from([0xc0, 0xaf, 0x0a]), // overlong "/"
    Buffer.from([0xed, 0xa0, 0x80, 0x0a]), // a UTF-16 surrogate encoded as UTF-8
    Buffer.from('valid: \u00fc\u20ac\n'),
    Buffer.from([0xf0, 0x9f, 0x98]), // three bytes of a four-byte emoji, and then the end
  ]);

  it('invalid UTF-8: completes, the tail shows U+FFFD, the log holds the exact bytes', async () => {
    const logDir = await tempDir();
    const { result, marker } = await runScript(
      'invalid-utf8.mjs',
      [INVALID_UTF8.toString('hex')],
      {},
      { logDir },
    );
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    expect(result.outputTail).toBe(INVALID_UTF8.toString('utf8'));
    expect(result.outputTail).toContain('Caf\uFFFD ok\n');
    expect(result.outputTail).toContain('valid: \u00fc\u20ac\n');
    expect(result.outputTail.endsWith('\uFFFD')).toBe(true);
    expect(await logOutput(result.logPath ?? '')).toEqual(INVALID_UTF8);
    await expectNothingLeft([result.pid ?? 0], marker);
  });

  it('invalid UTF-8 beyond the tail limit: the tail stays bounded, the log exact', async () => {
    const logDir = await tempDir();
    const repeat = 4000; // 4000 × 33 bytes = 132 KB
    const { result, marker } = await runScript(
      'invalid-utf8.mjs',
      [INVALID_UTF8.toString('hex'), String(repeat)],
      {},
      { logDir },
    );
    expect(result).toMatchObject({ status: 'CompletedSuccessfully', success: true, exitCode: 0 });
    const all = Buffer.concat(Array.from({ length: repeat }, () => INVALID_UTF8));
    expect(await logOutput(result.logPath ?? '')).toEqual(all);
    // Every byte of the tail's source yields at most one UTF-16 unit, so this bounds the bytes it came from.
    expect(result.outputTail.length).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(result.outputTail.length).toBeGreaterThan(OUTPUT_TAIL_BYTES / 2);
    expect(result.outputTail).toContain('\uFFFD');
    expect(result.outputTail.endsWith(`valid: \u00fc\u20ac\n\uFFFD`)).toBe(true);
    await expectNothingLeft([result.pid ?? 0], marker);
  });
});

describe('working directory and command faults', () => {
  it.each([
    { code: 0, status: 'CompletedSuccessfully' },
    { code: 4, status: 'Failed' },
  ])(
    'a job that deletes its own working directory ends with its real status (exit $code)',
    async ({ code, status }) => {
      const dir = await tempDir();
      const workingDirectory = join(dir, 'work');
      await mkdir(join(workingDirectory, 'sub'), { recursive: true });
      await writeFile(join(workingDirectory, 'sub', 'data.txt'), 'data');
      const { result, marker } = await runScript('delete-cwd.mjs', [String(code)], { workingDirectory });
      expect(result).toMatchObject({ status, exitCode: code, success: code === 0 });
      expect(result.outputTail).toBe(`deleted ${workingDirectory}\n`);
      if (code !== 0)
        expect(result.message).toMatch(/exited with code 4 after [\d.]+ s\. Last output: deleted /);
      await expect(stat(workingDirectory)).rejects.toMatchObject({ code: 'ENOENT' });
      await expectNothingLeft([result.pid ?? 0], marker);

      // The next run of the same job is refused before anything starts, naming the field to fix.
      const again = await runScript('delete-cwd.mjs', [String(code)], { workingDirectory });
      expect(again.result).toMatchObject({ status: 'Failed', pid: null, exitCode: null });
      expect(again.result.message).toBe(
        `process.workingDirectory: folder "${workingDirectory}" does not exist. Create it, or fix process.workingDirectory.`,
      );
    },
  );

  it('a missing working directory (relative to the job file) is a clear error before spawn', async () => {
    const baseDir = await tempDir();
    const spawned: number[] = [];
    const { result } = await runScript(
      'delete-cwd.mjs',
      [],
      { workingDirectory: 'out/reports' },
      { baseDir, onSpawn: ({ pid }) => spawned.push(pid) },
    );
    expect(spawned).toEqual([]);
    expect(result).toMatchObject({ status: 'Failed', success: false, pid: null, exitCode: null });
    expect(result.message).toBe(
      `process.workingDirectory: folder "${join(baseDir, 'out/reports')}" does not exist. Create it, or fix process.workingDirectory.`,
    );
  });

  it('a working directory that is a file is a clear error before spawn', async () => {
    const dir = await tempDir();
    const file = join(dir, 'report.txt');
    await writeFile(file, 'not a folder');
    const { result } = await runScript('delete-cwd.mjs', [], { workingDirectory: file });
    expect(result).toMatchObject({ status: 'Failed', pid: null });
    expect(result.message).toBe(
      `process.workingDirectory: "${file}" is a file, not a folder. Give the folder the job should start in.`,
    );
  });

  it.skipIf(windows)(
    'a script without the execute bit is refused naming process.command and chmod',
    async () => {
      const dir = await tempDir();
      const script = join(dir, 'export.sh');
      await writeFile(script, '#!/bin/sh\necho exported\n');
      await chmod(script, 0o644);
      const spawned: number[] = [];
      const result = await service.execute(
        'Not executable',
        { command: script },
        { onSpawn: ({ pid }) => spawned.push(pid) },
      );
      expect(spawned).toEqual([]);
      expect(result).toMatchObject({ status: 'Failed', success: false, pid: null, exitCode: null });
      expect(result.message).toBe(
        `process.command: ${script} is not executable. Make it executable (chmod +x "${script}"), or set process.command to its interpreter (e.g. "bash") and put the script in process.arguments.`,
      );

      // Found on PATH by name, the same file gets the same advice instead of a bare "not found".
      const byName = await service.execute(
        'Not executable',
        { command: 'export.sh' },
        { env: { PATH: dir } },
      );
      expect(byName).toMatchObject({ status: 'Failed', pid: null });
      expect(byName.message).toMatch(/^process\.command: Command not found: "export\.sh" .*/);
      expect(byName.message).toContain(`chmod +x "${script}"`);
    },
  );

  it.skipIf(windows)(
    'an executable script whose #! interpreter is missing is refused naming process.command and the #! line',
    async () => {
      const dir = await tempDir();
      const script = join(dir, 'export.sh');
      await writeFile(script, '#!/no/such/interpreter\necho exported\n');
      await chmod(script, 0o755);
      const result = await service.execute('Bad shebang', { command: script });
      expect(result).toMatchObject({ status: 'Failed', success: false, pid: null });
      expect(result.message).toBe(
        `process.command: could not start "${script}": the file or its interpreter was not found. Check the path in process.command (and the #! line of a script).`,
      );
    },
  );
});
