import type { Notice } from '../../../shared/hub-api';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { identityOf } from '../../../shared/run-types';
import type { HistoryStore } from '../store/history-store';
import type { RunJournal } from '../store/run-journal';

/** History keeps a shorter tail than live results: the full output is in the log, and history is loaded whole. */
const HISTORY_TAIL_BYTES = 8 * 1024;

/**
 * Puts runs on disk: each run in the crash journal before its process starts (and again once its pid and start
 * time are known), and each finished run in the history before the journal forgets it. A write that fails is
 * reported as a notice, never thrown: the run itself goes on.
 */
export class RunRecorder {
  constructor(
    private readonly history: HistoryStore,
    private readonly journal: RunJournal,
    private readonly notice: (level: Notice['level'], message: string) => void,
  ) {}

  /** Journals a run in progress (pid null until the process exists). */
  started(run: RunningJobInfo, pidStartTime: string | null): void {
    try {
      this.journal.record({
        ...identityOf(run),
        pid: run.pid,
        pidStartTime,
        startTime: run.startTime,
        logPath: run.logPath,
        hubPid: process.pid,
      });
    } catch (error) {
      this.notice(
        'error',
        `Could not record that "${run.jobName}" started (crash recovery will not know it): ${(error as Error).message}`,
      );
    }
  }

  /** Records a finished run in the history, then clears it from the journal. */
  finished(result: RunResult): void {
    const tail = result.outputTail;
    const short = Buffer.byteLength(tail) > HISTORY_TAIL_BYTES ? tail.slice(-HISTORY_TAIL_BYTES) : tail;
    try {
      this.history.add(short === tail ? result : { ...result, outputTail: short });
    } catch (error) {
      this.notice(
        'error',
        `Could not record the run of "${result.jobName}" in the history: ${(error as Error).message}`,
      );
      return; // Keep the journal entry: the next start records the run as interrupted rather than losing it.
    }
    try {
      this.journal.remove(result.runId);
    } catch {
      // A stale journal entry is harmless: recovery finds the run already in the history and drops it.
    }
  }
}
