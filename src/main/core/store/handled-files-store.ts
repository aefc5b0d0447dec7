import { z } from 'zod';
import type { DataLayout } from './data-dir';
import { openJournaledStore } from './journaled-store';

/** Keys per job kept by default: far more than a watched folder holds, small enough to load in milliseconds. */
export const DEFAULT_HANDLED_PER_JOB = 10_000;

/** Which files each file trigger has already handled, so that a restart does not run them again. */
export interface HandledFilesStore {
  has(jobName: string, key: string): boolean;
  /** Remembers the key (on disk when this returns); the job's oldest key goes once it has more than the bound. */
  add(jobName: string, key: string): void;
  /** Lets the file be handled again (e.g. the user asked to re-run it). */
  forget(jobName: string, key: string): void;
  readonly path: string;
}

const opSchema = z.object({
  op: z.enum(['add', 'forget']),
  job: z.string(),
  key: z.string(),
});
type Op = z.output<typeof opSchema>;

// Per job, oldest key first: the order that decides which key goes when the bound is reached.
const snapshotSchema = z.object({ jobs: z.record(z.string(), z.array(z.string())) });

/**
 * Opens `state/handled-files.json` plus its journal. A folder dump of thousands of files adds thousands of
 * keys in a burst; a journal line per key keeps each add cheap where rewriting the whole file would not.
 * The key is the caller's choice (path plus size and mtime, typically), so a changed file runs again.
 */
export function openHandledFiles(
  layout: DataLayout,
  onProblem: (message: string) => void,
  options: { maxPerJob?: number } = {},
): HandledFilesStore {
  const maxPerJob = Math.max(1, options.maxPerJob ?? DEFAULT_HANDLED_PER_JOB);
  // Sets keep insertion order, so the first key of a job's set is its oldest.
  const jobs = new Map<string, Set<string>>();

  const apply = (op: Op): void => {
    let keys = jobs.get(op.job);
    if (op.op === 'forget') {
      keys?.delete(op.key);
      if (keys?.size === 0) jobs.delete(op.job);
      return;
    }
    if (!keys) {
      keys = new Set();
      jobs.set(op.job, keys);
    }
    // Re-adding moves the key to the newest end, so a file seen again is not the next one dropped.
    keys.delete(op.key);
    keys.add(op.key);
    for (const oldest of keys) {
      if (keys.size <= maxPerJob) break;
      keys.delete(oldest);
    }
  };

  const store = openJournaledStore({
    dir: layout.stateDir,
    name: 'handled-files',
    snapshotSchema,
    opSchema,
    defaults: { jobs: {} },
    onProblem,
    describeDefaults: 'no handled files (files already in watched folders may run again)',
    compactEvery: 1000,
    restore(snapshot) {
      for (const [job, keys] of Object.entries(snapshot.jobs)) {
        for (const key of keys) apply({ op: 'add', job, key });
      }
    },
    apply,
    snapshot: () => ({ jobs: Object.fromEntries([...jobs].map(([job, keys]) => [job, [...keys]])) }),
  });

  return {
    path: store.snapshotPath,
    has: (jobName, key) => jobs.get(jobName)?.has(key) ?? false,
    // append writes the change, then applies it through `apply`.
    add: (jobName, key) => store.append({ op: 'add', job: jobName, key }),
    forget(jobName, key) {
      if (jobs.get(jobName)?.has(key)) store.append({ op: 'forget', job: jobName, key });
    },
  };
}
