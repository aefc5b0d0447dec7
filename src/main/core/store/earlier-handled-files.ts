import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataLayout } from './data-dir';

/**
 * Files an earlier version of the hub recorded as handled (`state/handled-files.json` and its journal): keys
 * `<absolute path>|<size>|<mtimeMs>` per job. Read once, only to keep an upgrade from running a file again: a job
 * with `processExisting: true` watching a folder for the first time under this version would otherwise take every
 * file already there, including those the earlier version ran. Empty when there is no such record. Read on the
 * first question, so a hub that never watches a folder never reads it.
 */
export function readEarlierHandledFiles(layout: DataLayout): (job: string, key: string) => boolean {
  let jobs: Map<string, Set<string>> | null = null;
  return (job, key) => {
    jobs ??= readRecord(layout);
    return jobs.get(job)?.has(key) ?? false;
  };
}

function readRecord(layout: DataLayout): Map<string, Set<string>> {
  const jobs = new Map<string, Set<string>>();
  const add = (job: unknown, key: unknown) => {
    if (typeof job !== 'string' || typeof key !== 'string') return;
    const keys = jobs.get(job) ?? new Set<string>();
    keys.add(key);
    jobs.set(job, keys);
  };
  try {
    const snapshot = JSON.parse(readFileSync(path.join(layout.stateDir, 'handled-files.json'), 'utf8')) as {
      jobs?: Record<string, unknown>;
    };
    for (const [job, keys] of Object.entries(snapshot.jobs ?? {}))
      if (Array.isArray(keys)) for (const key of keys) add(job, key);
  } catch {
    // No earlier record (or an unreadable one): nothing to keep from running again.
  }
  try {
    for (const line of readFileSync(path.join(layout.stateDir, 'handled-files.journal.jsonl'), 'utf8').split(
      '\n',
    )) {
      if (!line.trim()) continue;
      try {
        const op = JSON.parse(line) as { op?: string; job?: unknown; key?: unknown };
        if (op.op === 'add') add(op.job, op.key);
        else if (op.op === 'forget' && typeof op.job === 'string' && typeof op.key === 'string')
          jobs.get(op.job)?.delete(op.key);
      } catch {
        // A line cut by a crash.
      }
    }
  } catch {
    // No journal.
  }
  return jobs;
}

/** The key an earlier version recorded for one arrival of a file. */
export function earlierArrivalKey(absolutePath: string, size: number, mtimeMs: number): string {
  return `${absolutePath}|${size}|${mtimeMs}`;
}
