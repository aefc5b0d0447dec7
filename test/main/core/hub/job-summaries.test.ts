import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeJobs } from '../../../../src/main/core/hub/job-summaries';
import { TriggerSet } from '../../../../src/main/core/hub/trigger-set';
import { JobLibrary } from '../../../../src/main/core/jobs/job-library';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { type HistoryStore, openHistory } from '../../../../src/main/core/store/history-store';
import { openWatchedFiles } from '../../../../src/main/core/store/watched-files-store';
import { staticNextRun } from '../../../../src/main/core/triggers/describe-trigger';
import type { RunningJobInfo, RunResult, RunStatus } from '../../../../src/shared/run-types';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const triggerSets: TriggerSet[] = [];
afterEach(async () => {
  await Promise.all(triggerSets.splice(0).map((set) => set.stopAll()));
});

/** A data folder with the given job files, read by a real JobLibrary, and an empty real history. */
async function library(files: Record<string, object | string>) {
  const layout = await ensureDataDir(await tempDir());
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      join(layout.jobsDir, name),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
  const jobs = new JobLibrary(layout.jobsDir);
  await jobs.rescan();
  const history = openHistory(layout, { limit: 1000, onProblem: () => {} });
  history.load();
  return { layout, jobs, history };
}

const jobFile = (name: string, extra: object = {}) => ({
  name,
  process: { command: process.execPath, arguments: ['-e', '0'] },
  ...extra,
});

let runs = 0;
/** Records a finished run of `jobName` that began `minutesAgo` minutes ago and lasted `durationMs`. */
function record(
  history: HistoryStore,
  jobName: string,
  status: Exclude<RunStatus, 'Running'>,
  durationMs = 1000,
) {
  const runId = `run-${++runs}`;
  const start = new Date(Date.UTC(2030, 0, 1, 0, 0, runs));
  const result: RunResult = {
    runId,
    jobName,
    success: status === 'CompletedSuccessfully',
    status,
    exitCode: status === 'CompletedSuccessfully' ? 0 : 1,
    signal: null,
    message: status,
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + durationMs).toISOString(),
    durationMs,
    logPath: null,
    outputTail: '',
    pid: 1234,
    trigger: { kind: 'manual' },
    attempt: 1,
    firstRunId: runId,
  };
  history.add(result);
  return result;
}

const context = (history: HistoryStore, overrides: Partial<Parameters<typeof summarizeJobs>[1]> = {}) => ({
  triggers: null,
  paused: false,
  running: [] as RunningJobInfo[],
  history,
  defaultTimeoutMinutes: 0,
  triggerProblems: () => [],
  ...overrides,
});

describe('summarizeJobs', () => {
  it('describes a valid job: command, triggers in words, next run, effective timeout', async () => {
    const { jobs, history, layout } = await library({
      'export.json': jobFile('Export', {
        description: 'Exports orders',
        process: { command: process.execPath, timeoutMinutes: 30 },
        triggers: [
          { type: 'schedule', cron: '0 2 * * *', timezone: 'UTC' },
          { type: 'schedule', cron: '0 1 * * *', timezone: 'UTC' },
          { type: 'file', path: 'inbox', pattern: '*.csv' },
        ],
      }),
    });
    const [summary] = summarizeJobs(jobs.entries(), context(history));
    const nightly = staticNextRun({ type: 'schedule', cron: '0 2 * * *', timezone: 'UTC' });
    const earlier = staticNextRun({ type: 'schedule', cron: '0 1 * * *', timezone: 'UTC' });
    expect(summary).toMatchObject({
      name: 'Export',
      file: join(layout.jobsDir, 'export.json'),
      fileName: 'export.json',
      valid: true,
      problems: [],
      enabled: true,
      description: 'Exports orders',
      command: process.execPath,
      timeoutMs: 30 * 60_000,
      running: 0,
      recent: [],
      successRate: null,
      lastResult: null,
    });
    expect(summary?.triggers).toEqual([
      { type: 'schedule', description: 'cron "0 2 * * *" (UTC)', nextRun: nightly },
      { type: 'schedule', description: 'cron "0 1 * * *" (UTC)', nextRun: earlier },
      {
        type: 'file',
        description: `files *.csv arriving in ${join(layout.jobsDir, 'inbox')}`,
        nextRun: null,
      },
    ]);
    // The earliest of the triggers' next runs.
    expect(summary?.nextRun).toBe([nightly, earlier].sort()[0]);
  });

  it('shows no next run while triggers are paused or the job is disabled', async () => {
    const schedule = [{ type: 'schedule', cron: '0 2 * * *' }];
    const { jobs, history } = await library({
      'on.json': jobFile('On', { triggers: schedule }),
      'off.json': jobFile('Off', { enabled: false, triggers: schedule }),
    });
    const active = summarizeJobs(jobs.entries(), context(history));
    expect(active.map((s) => [s.name, s.nextRun !== null])).toEqual([
      ['Off', false],
      ['On', true],
    ]);
    const paused = summarizeJobs(jobs.entries(), context(history, { paused: true }));
    expect(paused.map((s) => [s.name, s.nextRun, s.triggers[0]?.nextRun])).toEqual([
      ['Off', null, null],
      ['On', null, null],
    ]);
    expect(paused.map((s) => s.triggers[0]?.description)).toEqual([
      'cron "0 2 * * *" (local time)',
      'cron "0 2 * * *" (local time)',
    ]);
  });

  it('asks the armed triggers of an active job (an interval has a next run only once armed)', async () => {
    const { jobs, history, layout } = await library({
      'poll.json': jobFile('Poll', { triggers: [{ type: 'interval', everyMinutes: 60 }] }),
    });
    const [unarmed] = summarizeJobs(jobs.entries(), context(history));
    expect(unarmed?.nextRun).toBeNull();
    expect(unarmed?.triggers[0]?.description).toBe("every 60 minutes, counted from the hub's start");

    const set = new TriggerSet({
      store: openWatchedFiles(layout, () => {}),
      onFire: () => {},
      onProblem: () => {},
    });
    triggerSets.push(set);
    await set.sync(jobs.runnable());
    const [armed] = summarizeJobs(jobs.entries(), context(history, { triggers: set }));
    expect(armed?.triggers).toEqual([
      { type: 'interval', description: 'every 60 minutes', nextRun: expect.any(String) },
    ]);
    expect(Date.parse(armed?.nextRun ?? '') - Date.now()).toBeGreaterThan(59 * 60_000);
    // Paused, the set's timers do not count even while they are still armed.
    const [paused] = summarizeJobs(jobs.entries(), context(history, { triggers: set, paused: true }));
    expect(paused?.triggers[0]?.nextRun).toBeNull();
  });

  it('lists an invalid file with its problems and its name, and nothing it cannot know', async () => {
    const { jobs, history } = await library({
      'broken.json': '{ "name": "Broken", "process": { "command": "x", "timeoutMinutes": -5 } }',
      'no-name.json': '{ "process": { "command": "x" } }',
      'syntax.json': '{ "name": "Half read", "process": { "command": "x" ',
    });
    const [summary, noName, syntax] = summarizeJobs(jobs.entries(), context(history));
    // The name was read even though the file does not load: lists say which job is broken.
    expect(noName?.name).toBeNull();
    expect(syntax).toMatchObject({ name: 'Half read', valid: false });
    expect(summary).toMatchObject({
      name: 'Broken',
      fileName: 'broken.json',
      valid: false,
      enabled: false,
      command: null,
      triggers: [],
      nextRun: null,
      timeoutMs: null,
      recent: [],
      lastResult: null,
    });
    expect(summary?.problems).toEqual([
      expect.objectContaining({ file: 'broken.json', field: 'process.timeoutMinutes' }),
    ]);
  });

  it("adds the job's trigger problems to its file's problems, and then it is not valid", async () => {
    const { jobs, history } = await library({ 'a.json': jobFile('A') });
    const [summary] = summarizeJobs(
      jobs.entries(),
      context(history, {
        triggerProblems: (name) => (name === 'A' ? ['triggers[0].path: folder C:/in does not exist'] : []),
      }),
    );
    expect(summary?.valid).toBe(true);
    expect(summary?.problems).toEqual([
      { file: 'a.json', message: 'triggers[0].path: folder C:/in does not exist' },
    ]);
  });

  it('charts the last 20 finished runs oldest first, without skipped ones, with the success rate', async () => {
    const { jobs, history } = await library({ 'sync.json': jobFile('Sync'), 'other.json': jobFile('Other') });
    const statuses: Exclude<RunStatus, 'Running'>[] = [
      ...Array<'CompletedSuccessfully'>(17).fill('CompletedSuccessfully'),
      'Failed',
      'TimedOut',
      'CompletedSuccessfully',
    ];
    const recorded = statuses.map((status, i) => record(history, 'Sync', status, 1000 + i));
    record(history, 'Other', 'Failed');
    const skipped = record(history, 'Sync', 'Skipped', 0);

    const sync = summarizeJobs(jobs.entries(), context(history)).find((s) => s.name === 'Sync');
    // The newest 20 include the skipped run, which is not charted: 19 points remain.
    expect(sync?.recent.map((p) => p.runId)).toEqual(recorded.slice(1).map((r) => r.runId));
    expect(sync?.recent[0]).toEqual({
      runId: recorded[1]?.runId,
      startTime: recorded[1]?.startTime,
      durationMs: 1001,
      status: 'CompletedSuccessfully',
    });
    expect(sync?.successRate).toBeCloseTo(17 / 19);
    expect(sync?.lastResult?.runId).toBe(skipped.runId);
  });

  it('counts runs in progress and falls back to the default timeout, then to 60 minutes', async () => {
    const { jobs, history } = await library({ 'a.json': jobFile('A'), 'b.json': jobFile('B') });
    const running = (runId: string, jobName: string) => ({ runId, jobName }) as RunningJobInfo;
    const withDefault = summarizeJobs(
      jobs.entries(),
      context(history, { running: [running('1', 'A'), running('2', 'A')], defaultTimeoutMinutes: 15 }),
    );
    expect(withDefault.map((s) => [s.name, s.running, s.timeoutMs])).toEqual([
      ['A', 2, 15 * 60_000],
      ['B', 0, 15 * 60_000],
    ]);
    expect(summarizeJobs(jobs.entries(), context(history))[0]?.timeoutMs).toBe(60 * 60_000);
  });
});
