import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('journals a run until its result is in the history; with no run left, an empty journal', async () => {
    const { recorder, history, journal } = await recorderIn(await tempDir());
    recorder.started(running('a'), '123');
    expect(journal.entries().map((e) => [e.runId, e.pidStartTime])).toEqual([['a', '123']]);
    recorder.finished(finished('a'));
    expect(history.get('a')?.status).toBe('CompletedSuccessfully');
    expect(journal.entries()).toEqual([]);
    expect(readFileSync(journal.path, 'utf8')).toBe('');
  });
});

// tmpfs gives files whole pages.
const PAGE = 4096;

/** Fills the disk at `dir` until a write fails with ENOSPC. */
function fillDisk(dir: string): void {
  for (let chunk = 0; ; chunk++) {
    try {
      writeFileSync(join(dir, `filler-${chunk}`), Buffer.alloc(64 * 1024));
    } catch {
      return; // ENOSPC: full.
    }
  }
}

describe.skipIf(!canMountTmpfs)('RunRecorder on a data disk that is full', () => {
  const mounted = useTmpfs('1m');

  it('says so once: a run ending frees no room under a write that is failing, so it never "saves" and fails again', async () => {
    const { recorder, faults, journal, notices } = await recorderIn(join(mounted(), 'data'));
    // The history's file has room left in its last page: appends still fit once the disk is full.
    recorder.started(running('old'), null);
    recorder.finished(finished('old'));
    recorder.started(running('a'), null);
    fillDisk(mounted());
    writeFileSync(join(mounted(), 'filler-last'), Buffer.alloc(0));
    // The journal's last page still has room: fill it (a blank line, which reading skips), so that its next
    // append needs a page the disk no longer has.
    const used = statSync(journal.path).size;
    appendFileSync(journal.path, `${' '.repeat(PAGE - (used % PAGE) - 1)}\n`);
    recorder.started(running('b'), null);
    expect(notices).toEqual([expect.stringMatching(/^Could not save the runs in progress .*ENOSPC/)]);
    expect(faults.failing).toBe(true);

    recorder.finished(finished('a'));
    recorder.finished(finished('b'));
    expect(journal.entries()).toEqual([]);
    // The last run gone while the journal's write is failing: the journal is not emptied (that would free the
    // room the failing write needs, which would then succeed once and fail at the next run).
    expect(statSync(journal.path).size).toBeGreaterThan(used);
    expect(faults.retry()).toBe(false);
    recorder.started(running('c'), null);
    expect(notices.filter((message) => message.startsWith('Saved '))).toEqual([]);
    expect(
      notices.filter((message) => message.startsWith('Could not save the runs in progress')),
    ).toHaveLength(1);
  });

  it('another write failing: the last run ending does not empty the journal, which would free its room', async () => {
    // The disk as the test before left it: emptied first.
    for (const name of readdirSync(mounted())) rmSync(join(mounted(), name), { recursive: true });
    const { recorder, faults, journal, notices } = await recorderIn(join(mounted(), 'data'));
    // The history's and the journal's files each get a page with room left before the disk fills.
    recorder.started(running('old'), null);
    recorder.finished(finished('old'));
    recorder.started(running('a'), null);
    fillDisk(mounted());
    // Another of the hub's files (the schedule ledger, say) cannot be saved; the journal's page has room.
    const other = join(mounted(), 'other.json');
    const saveOther = () => writeFileSync(other, Buffer.alloc(PAGE));
    try {
      saveOther();
    } catch (error) {
      faults.failed(`the other file (${other})`, error, saveOther);
    }
    expect(faults.failing).toBe(true);
    recorder.started(running('b'), null);
    recorder.finished(finished('a'));
    recorder.finished(finished('b'));
    expect(journal.entries()).toEqual([]);
    expect(statSync(journal.path).size).toBeGreaterThan(0);
    expect(faults.retry()).toBe(false);
    expect(notices.filter((message) => message.startsWith('Saved '))).toEqual([]);
  });
});
