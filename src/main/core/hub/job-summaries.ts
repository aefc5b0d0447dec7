import { dirname } from 'node:path';
import type { JobSummary, RunPoint } from '../../../shared/hub-api';
import { sameJobName } from '../../../shared/job-name';
import { effectiveTimeoutMinutes } from '../../../shared/job-timing';
import type { RunningJobInfo } from '../../../shared/run-types';
import type { LibraryEntry } from '../jobs/job-library';
import type { HistoryStore } from '../store/history-store';
import { describeTrigger, staticNextRun } from '../triggers/describe-trigger';
import type { TriggerSet } from './trigger-set';

const RECENT_RUNS = 20;

/** The library as the window and `automation-hub jobs` show it: validity, triggers, next run, recent runs. */
export function summarizeJobs(
  entries: LibraryEntry[],
  context: {
    /** The armed triggers (null where no hub runs them, e.g. the `jobs` command); `waiting` counts files. */
    triggers: (Pick<TriggerSet, 'describe'> & Partial<Pick<TriggerSet, 'waiting'>>) | null;
    paused: boolean;
    running: RunningJobInfo[];
    history: Pick<HistoryStore, 'list'>;
    defaultTimeoutMinutes: number;
    triggerProblems: (jobName: string) => string[];
  },
): JobSummary[] {
  const runningIds = new Set(context.running.map((r) => r.firstRunId));
  return entries.map((entry): JobSummary => {
    const job = entry.job;
    const valid = job !== null && entry.problems.length === 0;
    const triggerProblems = job ? context.triggerProblems(job.name) : [];
    const problems = [
      ...entry.problems,
      ...triggerProblems.map((message) => ({ file: entry.fileName, message })),
    ];
    const active = valid && job.enabled && !context.paused;
    const triggers = job
      ? context.triggers && active
        ? context.triggers.describe(job)
        : job.triggers.map((t) => ({
            type: t.type,
            description: describeTrigger(t, dirname(entry.file)),
            nextRun: active ? staticNextRun(t) : null,
          }))
      : [];
    const runs = job ? context.history.list({ jobName: job.name, limit: RECENT_RUNS }) : [];
    const recent: RunPoint[] = runs
      .filter((r) => r.status !== 'Skipped')
      .map((r) => ({ runId: r.runId, startTime: r.startTime, durationMs: r.durationMs, status: r.status }))
      .reverse();
    const nextRuns = triggers.flatMap((t) => (t.nextRun ? [t.nextRun] : [])).sort();
    return {
      name: job?.name ?? entry.name,
      file: entry.file,
      fileName: entry.fileName,
      valid,
      problems,
      enabled: job?.enabled ?? false,
      description: job?.description ?? null,
      command: job?.process.command ?? null,
      triggers,
      nextRun: nextRuns[0] ?? null,
      running: job ? context.running.filter((r) => sameJobName(r.jobName, job.name)).length : 0,
      waiting: job ? (context.triggers?.waiting?.(job.name, runningIds) ?? 0) : 0,
      timeoutMs: job
        ? effectiveTimeoutMinutes(job.process.timeoutMinutes, context.defaultTimeoutMinutes) * 60_000
        : null,
      recent,
      successRate:
        recent.length === 0
          ? null
          : recent.filter((r) => r.status === 'CompletedSuccessfully').length / recent.length,
      lastResult: runs[0] ?? null,
    };
  });
}
