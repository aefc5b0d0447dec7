import { onFirstUse } from '../../../shared/on-first-use';
import type { RunIdentity } from '../../../shared/run-types';
import { z } from '../../../shared/zod-mini';
import type { DataLayout } from './data-dir';
import { openJournaledStore } from './journaled-store';
import { runTriggerSchema } from './run-result-schema';

/** A run in progress as the next hub needs it after a crash: enough to find the process and finish the record. */
export interface JournalEntry extends RunIdentity {
  /** null until the process has been spawned. */
  pid: number | null;
  /** The process's start token: tells our process from a later one that reused its pid. */
  pidStartTime: string | null;
  startTime: string;
  logPath: string | null;
  /** The hub that started the run; a different live hub means the entry is not an orphan. */
  hubPid: number;
}

/** Runs in progress, on disk, for crash recovery. */
export interface RunJournal {
  /**
   * Adds the run, or replaces the entry with the same runId (e.g. once the pid is known). On disk on return; a
   * new run's entry also flushed to the disk, since its process may outlive the hub (see openRunJournal).
   */
  record(entry: JournalEntry): void;
  /**
   * Forgets a finished run; call it only after the run's result is in the history. With `keepFile`, the journal
   * is not emptied when no run is left: emptying it frees room on a disk that is full, so a write that was
   * failing there would succeed once and fail again, and the user be told twice.
   */
  remove(runId: string, options?: { keepFile?: boolean }): void;
  entries(): JournalEntry[];
  /** Writes the journal again after a write the disk refused (the entries were kept in memory). */
  flush(): void;
  /** The file every change is appended to: `state/running.journal.jsonl`. */
  readonly path: string;
}

const journalEntrySchema = (): z.ZodMiniType<JournalEntry> =>
  z.looseObject({
    runId: z.string().check(z.minLength(1)),
    jobName: z.string(),
    pid: z.nullable(z.number().check(z.int())),
    pidStartTime: z.nullable(z.string()),
    startTime: z.string(),
    logPath: z.nullable(z.string()),
    hubPid: z.number().check(z.int()),
    trigger: runTriggerSchema(),
    attempt: z.number(),
    firstRunId: z.string(),
    jobFile: z.optional(z.string()),
  });

/** One change: a run recorded (or its entry replaced), or a run forgotten. */
type JournalOp = { record: JournalEntry } | { remove: string };

// Built when a journal is read that holds something: a hub that starts with no run in progress checks nothing.
const fileSchema = onFirstUse(() => z.object({ runs: z.array(journalEntrySchema()) }));
const opSchema = onFirstUse(
  (): z.ZodMiniType<JournalOp> =>
    z.union([z.strictObject({ record: journalEntrySchema() }), z.strictObject({ remove: z.string() })]),
);

// Three lines a run (its start, its pid, its end); the journal is emptied whenever no run is left, so this bounds
// it only while runs keep overlapping.
const COMPACT_EVERY = 300;

/**
 * Opens `state/running.json` (a snapshot, written at compaction) and `state/running.journal.jsonl` (the changes
 * since, one appended line each). A new run's line is flushed to the disk before it returns, so a run that was
 * started is on disk before its process can outlive a crash, even a power cut's; its pid and its end are
 * appended without a flush (a lost pid line only means recovery finds the process by its marker, a lost end
 * line that the history, which has the run, settles it). When the last run in progress ends the journal is
 * emptied, so a hub that starts with no run in progress reads nothing.
 */
export function openRunJournal(layout: DataLayout, onProblem: (message: string) => void): RunJournal {
  const runs = new Map<string, JournalEntry>();
  const store = openJournaledStore<{ runs: JournalEntry[] }, JournalOp>({
    dir: layout.stateDir,
    name: 'running',
    snapshotSchema: fileSchema,
    opSchema,
    defaults: { runs: [] },
    onProblem,
    describeDefaults: 'no runs in progress (runs left by the previous hub cannot be recovered)',
    compactEvery: COMPACT_EVERY,
    restore(snapshot) {
      runs.clear();
      for (const entry of snapshot.runs) runs.set(entry.runId, entry);
    },
    apply(op) {
      // Replacing keeps the run's place: entries stay in the order the runs started.
      if ('record' in op) runs.set(op.record.runId, op.record);
      else runs.delete(op.remove);
    },
    snapshot: () => ({ runs: [...runs.values()] }),
  });
  return {
    path: store.journalPath,
    record(entry) {
      store.append({ record: structuredClone(entry) }, { flush: !runs.has(entry.runId) });
    },
    remove(runId, options = {}) {
      // No write when there is nothing to remove: recovery may remove runs it never recorded.
      if (!runs.has(runId)) return;
      store.append({ remove: runId });
      // No run left: compaction finds the snapshot already saying so and only empties the journal.
      if (runs.size === 0 && !options.keepFile) store.compact();
    },
    entries: () => [...runs.values()].map((entry) => structuredClone(entry)),
    flush: () => store.retry(),
  };
}
