import type { RunIdentity } from '../../../shared/run-types';
import { z } from '../../../shared/zod-mini';
import type { DataLayout } from './data-dir';
import { openJsonStore } from './json-store';
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
  /** Adds the run, or replaces the entry with the same runId (e.g. once the pid is known). On disk on return. */
  record(entry: JournalEntry): void;
  /**
   * Forgets a finished run; call it only after the run's result is in the history. With `keepFile`, the file
   * stays when no run is left (written empty, as every other change): deleting it frees room on a disk that
   * is full, so a write that was failing there would succeed once and fail again, and the user be told twice.
   */
  remove(runId: string, options?: { keepFile?: boolean }): void;
  entries(): JournalEntry[];
  /** Writes the journal again after a write the disk refused (the entries were kept in memory). */
  flush(): void;
  readonly path: string;
}

const journalEntrySchema: z.ZodMiniType<JournalEntry> = z.looseObject({
  runId: z.string().check(z.minLength(1)),
  jobName: z.string(),
  pid: z.nullable(z.number().check(z.int())),
  pidStartTime: z.nullable(z.string()),
  startTime: z.string(),
  logPath: z.nullable(z.string()),
  hubPid: z.number().check(z.int()),
  trigger: runTriggerSchema,
  attempt: z.number(),
  firstRunId: z.string(),
  jobFile: z.optional(z.string()),
});

const fileSchema = z.object({ runs: z.array(journalEntrySchema) });

/**
 * Opens `state/running.json`. Every change rewrites the whole (small: one entry per running job) file
 * atomically before returning, so a run that was started is on disk before its process can outlive a crash;
 * when the last run in progress ends, the file is deleted.
 */
export function openRunJournal(layout: DataLayout, onProblem: (message: string) => void): RunJournal {
  const store = openJsonStore({
    dir: layout.stateDir,
    name: 'running',
    schema: fileSchema,
    defaults: { runs: [] },
    onProblem,
    describeDefaults: 'no runs in progress (runs left by the previous hub cannot be recovered)',
    keepUnsaved: true,
  });
  return {
    path: store.path,
    record(entry) {
      store.update(({ runs }) => {
        const index = runs.findIndex((run) => run.runId === entry.runId);
        if (index === -1) return { runs: [...runs, entry] };
        return { runs: runs.map((run, i) => (i === index ? entry : run)) };
      });
    },
    remove(runId, options = {}) {
      const { runs } = store.get();
      // No write when there is nothing to remove: recovery may remove runs it never recorded.
      if (!runs.some((run) => run.runId === runId)) return;
      const left = runs.filter((run) => run.runId !== runId);
      // The last run gone: no file at all says "nothing in progress" (its removal needs no flush to the disk;
      // if a power cut undoes it, recovery finds the run in the history, or records it as interrupted). Not on
      // Windows, where a file a scanner still holds stays "delete pending" and the next hub could not read it.
      if (left.length === 0 && !options.keepFile && process.platform !== 'win32') store.clear();
      else store.set({ runs: left });
    },
    entries: () => store.get().runs,
    flush: () => store.flush(),
  };
}
