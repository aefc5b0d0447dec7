import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../../../src/main/core/hub/run-recorder';
import { StorageFaults } from '../../../../src/main/core/hub/storage-faults';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openHistory } from '../../../../src/main/core/store/history-store';
import { openRunJournal } from '../../../../src/main/core/store/run-journal';
import type { RunningJobInfo, RunResult } from '../../../../src/shared/run-types';
import { useTempDirs } from '../../../helpers/temp';
import { canMountTmpfs, useTmpfs } from '../../../helpers/tmpfs';

const identity = (runId: string) => ({
  runId,
  jobName: `Job ${runId}`,
  trigger: { kind: 'manual' as const },
  attempt: 1,
  firstRunId: runId,
});

const running = (runId: string): RunningJobInfo => ({
  ...identity(runId),
  pid: 4242,
  startTime: '2026-01-01T00:00:00.000Z',
  phase: 'running',
  statusMessage: '',
  lastStatusUpdate: '2026-01-01T00:00:00.000Z',
  lastOutputTime: '2026-01-01T00:00:00.000Z',
  progress: null,
  logPath: null,
  timeoutMs: 60_000,
});

const finished = (runId: string): RunResult => ({
  ...identity(runId),
  success: true,
  status: 'CompletedSuccessfully',
  exitCode: 0,
  signal: null,
  message: 'completed',
  startTime: '2026-01-01T00:00:00.000Z',
  endTime: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  logPath: null,
  outputTail: '',
  pid: 4242,
});

async function recorderIn(dataDir: string) {
  const layout = await ensureDataDir(dataDir);
  const notices: string[] = [];
  // Retried only when the test says so.
  const faults = new StorageFaults((_, message) => notices.push(message), 3_600_000);
  const history = openHistory(layout, { limit: 100, onProblem: () => {} });
  const journal = openRunJournal(layout, () => {});
  return { recorder: new RunRecorder(history, journal, faults), faults, history, journal, notices };
}

describe('RunRecorder', () => {
  const tempDir = useTempDirs();

  it('journals a run until its result is in the history; with no run left, no journal file', async () => {
    const { recorder, history, journal } = await recorderIn(await tempDir());
    recorder.started(running('a'), '123');
    expect(journal.entries().map((e) => [e.runId, e.pidStartTime])).toEqual([['a', '123']]);
    recorder.finished(finished('a'));
    expect(history.get('a')?.status).toBe('CompletedSuccessfully');
    expect(journal.entries()).toEqual([]);
    expect(existsSync(journal.path)).toBe(process.platform === 'win32');
  });
});

describe.skipIf(!canMountTmpfs)('RunRecorder on a data disk that is full', () => {
  const mounted = useTmpfs('1m');

  it('says so once: a run ending frees no room under a write that is failing, so it never "saves" and fails again', async () => {
    const { recorder, faults, journal, notices } = await recorderIn(join(mounted(), 'data'));
    // The history's file has room left in its last page: appends still fit once the disk is full.
    recorder.started(running('old'), null);
    recorder.finished(finished('old'));
    recorder.started(running('a'), null);
    for (let chunk = 0; ; chunk++) {
      try {
        writeFileSync(join(mounted(), `filler-${chunk}`), Buffer.alloc(64 * 1024));
      } catch {
        break; // ENOSPC: full.
      }
    }
    writeFileSync(join(mounted(), 'filler-last'), Buffer.alloc(0));
    recorder.started(running('b'), null);
    expect(notices).toEqual([expect.stringMatching(/^Could not save the runs in progress .*ENOSPC/)]);
    expect(faults.failing).toBe(true);

    recorder.finished(finished('a'));
    recorder.finished(finished('b'));
    // The last run gone while the journal's write is failing: its file stays (a deletion would free the room
    // the failing write needs, which would then succeed once and fail at the next run).
    expect(existsSync(journal.path)).toBe(true);
    expect(faults.retry()).toBe(false);
    recorder.started(running('c'), null);
    expect(notices.filter((message) => message.startsWith('Saved '))).toEqual([]);
    expect(
      notices.filter((message) => message.startsWith('Could not save the runs in progress')),
    ).toHaveLength(1);
  });
});
