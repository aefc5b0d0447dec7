import path from 'node:path';
import type { HistoryQuery } from '../../../shared/hub-api';
import { sameJobName } from '../../../shared/job-name';
import { onFirstUse } from '../../../shared/on-first-use';
import type { RunResult } from '../../../shared/run-types';
import { z } from '../../../shared/zod-mini';
import type { DataLayout } from './data-dir';
import { openJournaledStore } from './journaled-store';
import { runResultSchema } from './run-result-schema';
import { copyAside } from './set-aside';
import { firstIssue } from './zod-issue';

/** Finished runs, newest first, kept across restarts and crashes. Returned runs are frozen. */
export interface HistoryStore {
  /**
   * Records a finished run; it is on disk when this returns. Adding a run id again replaces that run. When the
   * disk refuses (full, read-only) it throws, but the run is kept in memory and saved by `retry`.
   */
  add(result: RunResult): void;
  /** Saves runs that could not be written when they were added; throws while the disk still refuses. */
  retry(): void;
  /**
   * Reads the history now (a damaged file is reported now). Reading waits for the first `list` or `get`
   * otherwise, and `add` never needs it: a command that only records its run never parses the history.
   */
  load(): void;
  list(query?: HistoryQuery): RunResult[];
  get(runId: string): RunResult | undefined;
  /** The snapshot, `state/history.json`. */
  readonly path: string;
  /** Runs added since the last snapshot, one JSON line each: `state/history.journal.jsonl`. */
  readonly journalPath: string;
}

// Records are checked one by one (below), so that one bad record costs itself, not the whole history.
const snapshotSchema = onFirstUse(() => z.object({ runs: z.array(z.unknown()) }));

/**
 * Opens `state/history.json` (snapshot) and `state/history.journal.jsonl` (runs added since). Each add is one
 * appended line; every `limit` adds (at least 100) the newest `limit` runs are rewritten into the snapshot.
 */
export function openHistory(
  layout: DataLayout,
  options: { limit: number; onProblem: (message: string) => void },
): HistoryStore {
  const limit = Math.max(1, Math.floor(options.limit));
  // Oldest first, so that adding is a push; `list` reverses. Map order is insertion order.
  const runs = new Map<string, RunResult>();

  const apply = (result: RunResult): void => {
    // Delete first so that a re-added run moves to the newest end. Replaying a journal whose runs the
    // snapshot already holds moves each of them to the end in journal order, which is their true order.
    runs.delete(result.runId);
    // Frozen, because `list` and `get` hand out the stored objects themselves.
    Object.freeze(result.trigger);
    runs.set(result.runId, Object.freeze(result));
    for (const oldest of runs.keys()) {
      if (runs.size <= limit) break;
      runs.delete(oldest);
    }
  };

  let skipped = false;
  const store = openJournaledStore({
    dir: layout.stateDir,
    name: 'history',
    snapshotSchema,
    opSchema: runResultSchema,
    defaults: { runs: [] },
    onProblem: options.onProblem,
    describeDefaults: 'an empty history',
    compactEvery: Math.max(limit, 100),
    lazy: true,
    restore(snapshot) {
      const problems: string[] = [];
      // The snapshot is newest first (the order people read it in); replay it oldest first.
      for (const value of [...snapshot.runs].reverse()) {
        const parsed = runResultSchema().safeParse(value);
        if (parsed.success) apply(parsed.data);
        else problems.push(firstIssue(parsed.error));
      }
      if (problems.length > 0) {
        skipped = true;
        reportSkipped(problems);
      }
    },
    apply,
    snapshot: () => ({ runs: [...runs.values()].reverse() }),
  });
  const load = (): void => {
    store.load();
    if (!skipped) return;
    skipped = false;
    // Rewrite now, so that the skipped records (kept in the copy) are not reported again at every start.
    try {
      store.compact();
    } catch {
      // The disk refuses: the records stay skipped in memory, and the next start reports and tries again.
    }
  };

  function reportSkipped(problems: string[]): void {
    const file = path.join(layout.stateDir, 'history.json');
    let kept: string;
    try {
      kept = `a copy of the file was kept as ${copyAside(file)}`;
    } catch {
      kept = 'no copy could be kept';
    }
    options.onProblem(`${file}: ${problems.length} unreadable run(s) were skipped (${problems[0]}); ${kept}`);
  }

  return {
    path: store.snapshotPath,
    journalPath: store.journalPath,
    add(result) {
      // A copy: a caller changing its object later must not change history behind the file's back.
      store.append(structuredClone(result));
    },
    retry: () => store.retry(),
    load,
    list(query = {}) {
      load();
      const out: RunResult[] = [];
      const max = query.limit ?? Number.POSITIVE_INFINITY;
      const all = [...runs.values()];
      for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
        const run = all[i] as RunResult;
        if (matchesQuery(run, query)) out.push(run);
      }
      return out;
    },
    get(runId) {
      load();
      return runs.get(runId);
    },
  };
}

/** Whether a run passes a query's filters (limit aside): shared by the store and the read-only reader. */
export function matchesQuery(run: RunResult, query: HistoryQuery): boolean {
  return (
    (query.jobName === undefined || sameJobName(run.jobName, query.jobName)) &&
    !(query.failuresOnly && run.success)
  );
}
