import { utimesSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  containmentSupport,
  existingRunContainment,
  openRunContainment,
} from '../../../../src/main/core/execution/open-containment';
import { RUN_MARKER_VARIABLE } from '../../../../src/main/core/execution/run-environment';
import { recoverInterruptedRuns } from '../../../../src/main/core/hub/crash-recovery';
import { isAlive, processStartTime } from '../../../../src/main/core/process/process-table';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openHistory } from '../../../../src/main/core/store/history-store';
import { readLogEnd } from '../../../../src/main/core/store/read-log-end';
import { type JournalEntry, openRunJournal } from '../../../../src/main/core/store/run-journal';
import type { RunResult } from '../../../../src/shared/run-types';
import { expectNoSurvivors, ProcessTracker, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const tracker = new ProcessTracker();
afterEach(() => tracker.cleanup());

// Finding a process by its run marker reads other processes' environments: Linux only (see marked-processes.ts).
const linux = process.platform === 'linux';
const DEAD_HUB_PID = 999_999;

/** The stores a dead hub left behind, on a real data folder. */
async function leftovers() {
  const layout = await ensureDataDir(await tempDir());
  const journal = openRunJournal(layout, () => {});
  const history = openHistory(layout, { limit: 100, onProblem: () => {} });
  return { layout, journal, history };
}

const journalEntry = (runId: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  runId,
  jobName: 'Nightly',
  pid: null,
  pidStartTime: null,
  startTime: new Date(Date.now() - 60_000).toISOString(),
  logPath: null,
  hubPid: DEAD_HUB_PID,
  trigger: { kind: 'schedule', detail: '0 2 * * *' },
  attempt: 2,
  firstRunId: 'first-attempt',
  ...extra,
});

/** A run's process tree as a dead hub left it: a root and its child, every process carrying the run's marker. */
async function orphanedRun(runId: string, depth = 2) {
  const tree = tracker.start('tree.mjs', ['--depth', String(depth)], { [RUN_MARKER_VARIABLE]: runId });
  const pids = await readPids(tree.pidsFile, depth);
  return { root: tree.pid, pids, startTime: await processStartTime(tree.pid) };
}

/** A process that has nothing to do with any run (no marker). */
async function stranger() {
  const other = tracker.start('tree.mjs', ['--depth', '1']);
  await readPids(other.pidsFile, 1);
  return other.pid;
}

describe('recoverInterruptedRuns', () => {
  it('stops the live process tree of a run the dead hub left, and records the run as Interrupted', async () => {
    const { layout, journal, history } = await leftovers();
    const run = await orphanedRun('run-1');
    const startTime = new Date(Date.now() - 60_000);
    const logPath = join(layout.logsDir, 'run-1.log');
    await writeFile(logPath, 'copying 3 of 10\n');
    // The log's last write is when the run was last seen doing anything: 30 s after it started.
    const lastWrite = new Date(startTime.getTime() + 30_000);
    await utimes(logPath, lastWrite, lastWrite);
    const entry = journalEntry('run-1', {
      pid: run.root,
      pidStartTime: run.startTime,
      startTime: startTime.toISOString(),
      logPath,
      jobFile: join(layout.jobsDir, 'nightly.json'),
    });
    journal.record(entry);

    const { recovered, messages } = await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

    await expectNoSurvivors(run.pids);
    const expected: RunResult = {
      runId: 'run-1',
      jobName: 'Nightly',
      success: false,
      status: 'Interrupted',
      exitCode: null,
      signal: null,
      message: `interrupted after 30 s: Automation Hub (pid ${DEAD_HUB_PID}) stopped unexpectedly while this run was in progress; its 2 remaining processes were stopped`,
      startTime: startTime.toISOString(),
      endTime: lastWrite.toISOString(),
      durationMs: 30_000,
      logPath,
      outputTail: 'copying 3 of 10\n',
      pid: run.root,
      trigger: { kind: 'schedule', detail: '0 2 * * *' },
      attempt: 2,
      firstRunId: 'first-attempt',
      jobFile: join(layout.jobsDir, 'nightly.json'),
    };
    expect(recovered).toEqual([expected]);
    expect(history.get('run-1')).toEqual(expected);
    expect(journal.entries()).toEqual([]);
    expect(messages).toEqual([
      `"Nightly" (run run-1, started ${startTime.toISOString()}): ${expected.message}`,
    ]);
  });

  it('never touches a stranger that reused the pid of a dead run', async () => {
    const { journal, history } = await leftovers();
    const pid = await stranger();
    // Same pid, another start time: the run's process is gone and this one only reuses its number.
    journal.record(journalEntry('reused', { pid, pidStartTime: 'another-start' }));
    // Same pid, start time never recorded: nothing proves the process is the run's.
    journal.record(journalEntry('unproven', { pid, pidStartTime: null }));

    const { recovered } = await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

    expect(isAlive(pid)).toBe(true);
    expect(recovered.map((r) => [r.runId, r.status])).toEqual([
      ['reused', 'Interrupted'],
      ['unproven', 'Interrupted'],
    ]);
    for (const result of recovered) {
      expect(result.message).toMatch(
        /stopped unexpectedly while this run was in progress; its process had already ended$/,
      );
      // No log to date the end by: the run is taken to have lasted until recovery.
      expect(result.durationMs).toBeGreaterThanOrEqual(60_000);
    }
    expect(journal.entries()).toEqual([]);
  });

  it.runIf(linux)('finds by its marker a run whose pid was never journaled, and stops it', async () => {
    const { journal, history } = await leftovers();
    const run = await orphanedRun('before-spawn');
    journal.record(journalEntry('before-spawn'));

    const { recovered } = await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

    await expectNoSurvivors(run.pids);
    expect(recovered[0]?.message).toMatch(/its 2 remaining processes were stopped$/);
  });

  it.runIf(linux)(
    'stops a descendant that left the run’s process group, by the marker it inherited',
    async () => {
      const { journal, history } = await leftovers();
      const run = await orphanedRun('escaped', 1);
      // Started in its own group (detached), as a job's daemonizing child would be: only the marker links it.
      const escaped = tracker.start('tree.mjs', ['--depth', '1'], { [RUN_MARKER_VARIABLE]: 'escaped' });
      const [escapedPid] = await readPids(escaped.pidsFile, 1);
      const bystander = await stranger();
      journal.record(journalEntry('escaped', { pid: run.root, pidStartTime: run.startTime }));

      const { recovered } = await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

      await expectNoSurvivors([...run.pids, escapedPid as number]);
      expect(isAlive(bystander)).toBe(true);
      expect(recovered[0]?.message).toMatch(/its 2 remaining processes were stopped$/);
    },
  );

  it('only clears the journal for a run that is already in the history', async () => {
    const { journal, history } = await leftovers();
    const finished: RunResult = {
      runId: 'finished',
      jobName: 'Nightly',
      success: true,
      status: 'CompletedSuccessfully',
      exitCode: 0,
      signal: null,
      message: 'completed in 1.2 s (exit code 0)',
      startTime: '2030-01-01T02:00:00.000Z',
      endTime: '2030-01-01T02:00:01.200Z',
      durationMs: 1200,
      logPath: null,
      outputTail: '',
      pid: 4321,
      trigger: { kind: 'manual' },
      attempt: 1,
      firstRunId: 'finished',
    };
    history.add(finished);
    // The hub died between recording the result and clearing the journal.
    journal.record(journalEntry('finished', { pid: 4321 }));

    const { recovered, messages } = await recoverInterruptedRuns(journal, history);

    expect(recovered).toEqual([]);
    expect(messages).toEqual([]);
    expect(history.get('finished')).toEqual(finished);
    expect(journal.entries()).toEqual([]);
  });
});

describe('readLogEnd', () => {
  it('reads the last bytes of a log with its size and time, dropping a character cut at the start', async () => {
    const dir = await tempDir();
    const path = join(dir, 'run.log');
    // "é" is two bytes in UTF-8: the last 6 bytes start inside it.
    await writeFile(path, 'start\ncafé\nend\n');
    const end = await readLogEnd(path, 6);
    expect(end?.tail).toBe('\nend\n');
    expect(end?.size).toBe(Buffer.byteLength('start\ncafé\nend\n'));
    expect(end?.mtime).toBeInstanceOf(Date);
    expect((await readLogEnd(path))?.tail).toBe('start\ncafé\nend\n');
  });

  it('answers null for a log that cannot be read', async () => {
    expect(await readLogEnd(join(await tempDir(), 'missing.log'))).toBeNull();
  });
});

// Where runs are contained (Linux, cgroup v2 writable: root here), the run's cgroup outlives the dead hub.
const contained = linux && containmentSupport().contained;
describe.runIf(contained)('recoverInterruptedRuns with a run cgroup left behind', () => {
  it('ends what is still in the run cgroup, even without a pid or a marker, and removes the cgroup', async () => {
    const { journal, history } = await leftovers();
    const runId = `cg-${process.pid}-${Date.now()}`;
    // No marker and no recorded pid: only the cgroup knows this process is the run's.
    const containment = openRunContainment(runId);
    const start = () => tracker.start('tree.mjs', ['--depth', '2']);
    const escapee = containment ? containment.contain(start) : start();
    const pids = await readPids(escapee.pidsFile, 2);
    journal.record(journalEntry(runId));

    const { recovered } = await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

    await expectNoSurvivors(pids);
    expect(recovered[0]?.status).toBe('Interrupted');
    expect(existingRunContainment(runId)).toBeNull();
  });

  it('removes the empty run cgroups killed hubs left behind, and leaves those with processes', async () => {
    const { journal, history } = await leftovers();
    const stamp = `${process.pid}-${Date.now()}`;
    const empty = openRunContainment(`empty-${stamp}`);
    const busy = openRunContainment(`busy-${stamp}`);
    if (!empty || !busy) throw new Error('containment was reported available');
    const start = () => tracker.start('tree.mjs', ['--depth', '1']);
    const running = busy.contain(start);
    await readPids(running.pidsFile, 1);
    // Left by a hub killed a while ago (one made just now may be another hub's, about to start its run).
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const made of [empty, busy]) utimesSync(made.description.replace(/^cgroup /, ''), hourAgo, hourAgo);
    const fresh = openRunContainment(`fresh-${stamp}`);

    await recoverInterruptedRuns(journal, history, { killGraceMs: 500 });

    expect(existingRunContainment(`empty-${stamp}`)).toBeNull();
    expect(existingRunContainment(`fresh-${stamp}`)).not.toBeNull();
    await fresh?.dispose();
    expect(existingRunContainment(`busy-${stamp}`)?.members()).toEqual([running.pid]);
    busy.killAll();
    await expectNoSurvivors([running.pid]);
    await busy.dispose();
    expect(existingRunContainment(`busy-${stamp}`)).toBeNull();
  });
});
