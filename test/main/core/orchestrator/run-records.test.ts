import { describe, expect, it } from 'vitest';
import { refusedRun, skippedResult } from '../../../../src/main/core/orchestrator/run-records';
import type { RunIdentity, RunningJobInfo } from '../../../../src/shared/run-types';

const run: RunIdentity = {
  runId: 'b0000000-0000',
  jobName: 'Backup',
  trigger: { kind: 'schedule', detail: '*/5 * * * *' },
  attempt: 1,
  firstRunId: 'a0000000-0000',
};
const now = new Date('2026-11-29T10:00:00.000Z');
const running = { runId: '1f2e3d4c-aaaa', startTime: '2026-11-29T09:58:00.000Z' } as RunningJobInfo;

describe('skippedResult', () => {
  it('says the job is running when its process runs', () => {
    expect(skippedResult(run, { running }, now).message).toBe(
      'skipped: "Backup" is already running (run 1f2e3d4c started 2026-11-29T09:58:00.000Z); set "concurrency" to "queue", "parallel" or "replace" to change this',
    );
  });

  it('says the job waits to retry, with the attempt and when it starts, when no process runs', () => {
    const retry = { attempt: 2, attempts: 4, at: new Date(now.getTime() + 28_400) };
    const result = skippedResult(run, { retry }, now);
    expect(result).toMatchObject({ status: 'Skipped', success: false });
    expect(result.message).toBe(
      'skipped: "Backup" is waiting to retry after a failed run (attempt 2 of 4 starts in 28.4 s); set "concurrency" to "queue", "parallel" or "replace" to change this',
    );
  });

  it('says the job waits for a free slot while it does, and that it runs while it starts', () => {
    expect(skippedResult(run, { waitingForSlot: true }, now).message).toContain(
      '"Backup" is already waiting for a free slot (maxConcurrentJobs)',
    );
    expect(skippedResult(run, {}, now).message).toContain('"Backup" is already running;');
  });

  it('says how many runs of a queue job already wait', () => {
    expect(skippedResult(run, { running, waiting: 10 }, now).message).toContain(
      'skipped: 10 runs of "Backup" are already waiting behind the one in progress',
    );
  });

  it('names a run accepted a moment ago whose process is still starting, as it names a running one', () => {
    const starting = {
      runId: '5a6b7c8d-aaaa',
      acceptedAt: '2026-11-29T10:00:00.000Z',
      retry: null,
      waitingForSlot: false,
    };
    expect(refusedRun('Backup', { kind: 'manual' }, [starting], undefined, false).message).toBe(
      'skipped: "Backup" is already running (run 5a6b7c8d started 2026-11-29T10:00:00.000Z); set "concurrency" to "queue", "parallel" or "replace" to change this',
    );
    const waiting = { ...starting, waitingForSlot: true };
    expect(refusedRun('Backup', { kind: 'manual' }, [waiting], undefined, false).message).toContain(
      'is already waiting for a free slot',
    );
  });
});
