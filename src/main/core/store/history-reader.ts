import { readFileSync } from 'node:fs';
import type { HistoryQuery } from '../../../shared/hub-api';
import type { RunResult } from '../../../shared/run-types';
import type { DataLayout } from './data-dir';
import { matchesQuery } from './history-store';
import { readJsonLines } from './jsonl-file';
import { runResultSchema } from './run-result-schema';

/**
 * Reads the history without opening the store: `automation-hub history` may run while a daemon owns the data
 * directory, and only the owner may write (compact) it. The journal is read before the snapshot because the
 * owner compacts in the opposite order (snapshot written, then journal emptied): whichever moment we read
 * in, every run is in one of the two. Damaged entries are skipped; the owner reports and repairs them.
 */
export function readHistory(layout: DataLayout, query: HistoryQuery = {}): RunResult[] {
  const journal = readJsonLines(`${layout.stateDir}/history.journal.jsonl`).values;
  let snapshot: unknown[] = [];
  try {
    const parsed = JSON.parse(
      readFileSync(`${layout.stateDir}/history.json`, 'utf8').replace(/^\uFEFF/, ''),
    ) as {
      runs?: unknown;
    };
    if (Array.isArray(parsed.runs)) snapshot = parsed.runs;
  } catch {
    // No history yet, or a damaged one the owner will set aside.
  }
  const runs = new Map<string, RunResult>();
  for (const value of [...snapshot.reverse(), ...journal]) {
    const parsed = runResultSchema().safeParse(value);
    if (!parsed.success) continue;
    runs.delete(parsed.data.runId);
    runs.set(parsed.data.runId, parsed.data);
  }
  const newestFirst = [...runs.values()].reverse();
  const matching = newestFirst.filter((run) => matchesQuery(run, query));
  return query.limit === undefined ? matching : matching.slice(0, query.limit);
}
