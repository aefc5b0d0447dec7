import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { identityOf } from '../../../shared/run-types';
import type { HistoryStore } from '../store/history-store';
import type { RunJournal } from '../store/run-journal';
import type { StorageFaults } from './storage-faults';

/** History keeps a shorter tail than live results: the full output is in the log, and history is loaded whole. */
const HISTORY_TAIL_BYTES = 8 * 1024;

/**
 * Puts runs on disk: each run in the crash journal before its process starts (and again once its pid and start
 * time are known), and each finished run in the history before the journal forgets it. A write that fails is
 * reported as a notice, never thrown: the run itself goes on.
 */
export class RunRecorder {
  /** Runs in the history's memory whose write the disk refused: their journal entries stay until saved. */
  readonly #unsaved = new Set<string>();
  /** Runs whose record is final (the session ended under them): the run's own end, seen later, is not news. */
  readonly #final = new Set<string>();

  constructor(
    private readonly history: HistoryStore,
    private readonly journal: RunJournal,
    private readonly faults: StorageFaults,
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
      // The entry is kept in memory and written on retry; until then a crash would not know this run.
      this.faults.failed(`the runs in progress (${this.journal.path})`, error, () => this.journal.flush());
    }
  }

  /**
   * Records a finished run in the history, then clears it from the journal. When the disk refuses, the run is
   * kept (the history has it in memory, the journal keeps its entry) and saved by a retry: it is recorded as it
   * ended, never called Interrupted later for a write that failed.
   */
  finished(result: RunResult, options: { final?: boolean } = {}): void {
    if (this.#final.has(result.runId)) return;
    if (options.final) this.#final.add(result.runId);
    const tail = result.outputTail;
    const short = Buffer.byteLength(tail) > HISTORY_TAIL_BYTES ? tail.slice(-HISTORY_TAIL_BYTES) : tail;
    try {
      this.history.add(short === tail ? result : { ...result, outputTail: short });
    } catch (error) {
      this.#unsaved.add(result.runId);
      this.faults.failed(`the history (${this.history.path})`, error, () => this.#saveHistory());
      return;
    }
    this.#forget(result.runId);
  }

  #saveHistory(): void {
    this.history.retry();
    for (const runId of this.#unsaved) this.#forget(runId);
    this.#unsaved.clear();
  }

  #forget(runId: string): void {
    try {
      // While a write is failing, nothing frees room on the disk under it (see RunJournal.remove).
      this.journal.remove(runId, { keepFile: this.faults.failing });
    } catch {
      // A stale journal entry is harmless: recovery finds the run already in the history and drops it.
    }
  }
}
