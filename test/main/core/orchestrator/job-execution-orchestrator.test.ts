import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JobExecutionOrchestrator,
  MAX_QUEUED_RUNS,
  type OrchestratorEvent,
} from '../../../../src/main/core/orchestrator/job-execution-orchestrator';
import type { RunEvent } from '../../../../src/shared/run-types';
import { scriptJob } from '../../../helpers/jobs';
import { expectNoSurvivors, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

describe('JobExecutionOrchestrator', () => {
  it('starts a skip-policy job once when two requests arrive together (duplicate prevention)', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const sleeper = scriptJob('Exclusive', 'job-sleep.mjs', ['300']);
    const [first, second] = await Promise.all([
      orchestrator.executeJob(sleeper),
      orchestrator.executeJob(sleeper),
    ]);
    expect(first.status).toBe('CompletedSuccessfully');
    expect(second.status).toBe('Skipped');
    expect(second.message).toContain('"Exclusive" is already running');
    expect(orchestrator.getCompletedJobs().map((r) => r.status)).toEqual(['CompletedSuccessfully']);
  });

  it('knows a run before anything it does is heard: a listener that starts the job again is skipped', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const job = scriptJob('Known', 'job-sleep.mjs', ['300']);
    const seen: { busy: boolean; again?: Promise<string> }[] = [];
    orchestrator.monitor.events.on((event) => {
      if (event.type !== 'run-finished' || seen.length > 0) return;
      // The first request was cancelled before it started; its record is being made while it is still active.
      const again = orchestrator.startJob(job);
      seen.push({ busy: orchestrator.isBusy(job.name), again: again.done.then((r) => r.status) });
    });
    const first = await orchestrator.executeJob(job, { signal: AbortSignal.abort('not wanted') });
    expect(first.status).toBe('Cancelled');
    expect(seen[0]?.busy).toBe(true);
    expect(await seen[0]?.again).toBe('Skipped');
    expect(orchestrator.activeRuns()).toEqual([]);
  });

  it('counts "Inbox" and "inbox" as one job: the second request is skipped', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const [first, second] = await Promise.all([
      orchestrator.executeJob(scriptJob('Inbox', 'job-sleep.mjs', ['300'])),
      orchestrator.executeJob(scriptJob('inbox', 'job-sleep.mjs', ['300'])),
    ]);
    expect(first.status).toBe('CompletedSuccessfully');
    expect(second.status).toBe('Skipped');
    expect(orchestrator.isBusy('INBOX')).toBe(false);
  });

  it('says "waiting to retry", not "already running", when a skip-policy job is between attempts', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const flaky = scriptJob('Flaky', 'job-exit.mjs', ['2'], {
      retry: { attempts: 1, delaySeconds: 30, backoffFactor: 1 },
    });
    const retrying = new Promise<void>((resolve) =>
      orchestrator.events.on((event) => event.type === 'run-retrying' && resolve()),
    );
    const first = orchestrator.executeJob(flaky);
    await retrying;
    const skipped = await orchestrator.executeJob(flaky);
    expect(skipped.status).toBe('Skipped');
    expect(skipped.message).toMatch(
      /^skipped: "Flaky" is waiting to retry after a failed run \(attempt 2 of 2 starts in (29|30)\.\d s\); set "concurrency"/,
    );
    expect(skipped.message).not.toContain('already running');
    await orchestrator.cancelAll('test over');
    expect((await first).status).toBe('Failed');
  });

  it('queues a queue-policy job behind the running one', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const queued = scriptJob('Queued', 'job-sleep.mjs', ['200'], { concurrency: 'queue' });
    const [first, second] = await Promise.all([
      orchestrator.executeJob(queued),
      orchestrator.executeJob(queued),
    ]);
    expect([first.status, second.status]).toEqual(['CompletedSuccessfully', 'CompletedSuccessfully']);
    expect(Date.parse(second.startTime)).toBeGreaterThanOrEqual(Date.parse(first.endTime));
  });

  it('runs a parallel-policy job twice at once', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const parallel = scriptJob('Parallel', 'job-sleep.mjs', ['400'], { concurrency: 'parallel' });
    let maxRunning = 0;
    orchestrator.monitor.events.on(() => {
      maxRunning = Math.max(maxRunning, orchestrator.monitor.getAllRunningJobs().length);
    });
    const results = await Promise.all([orchestrator.executeJob(parallel), orchestrator.executeJob(parallel)]);
    expect(results.map((r) => r.status)).toEqual(['CompletedSuccessfully', 'CompletedSuccessfully']);
    expect(maxRunning).toBe(2);
  });

  it('replaces the running run with a new one under the replace policy', async () => {
    const dir = await tempDir();
    const pidsFile = join(dir, 'pids');
    const orchestrator = new JobExecutionOrchestrator();
    const long = scriptJob('Replaceable', 'job-sleep.mjs', ['60000', pidsFile], { concurrency: 'replace' });
    const first = orchestrator.executeJob(long);
    const [oldPid] = await readPids(pidsFile, 1);
    const second = orchestrator.executeJob({
      ...long,
      process: { ...long.process, arguments: [long.process.arguments?.[0] ?? '', '50'] },
    });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe('Cancelled');
    expect(a.message).toContain('replaced by a newer run');
    expect(b.status).toBe('CompletedSuccessfully');
    expect(Date.parse(b.startTime)).toBeGreaterThanOrEqual(Date.parse(a.endTime));
    await expectNoSurvivors([oldPid ?? 0], 0);
  });

  it('holds excess runs for maxConcurrentJobs and starts them by priority', async () => {
    const orchestrator = new JobExecutionOrchestrator({ maxConcurrentJobs: 1 });
    const started: string[] = [];
    const events: RunEvent[] = [];
    orchestrator.monitor.events.on((e) => {
      events.push(e);
      if (e.type === 'run-started') started.push(e.run.jobName);
    });
    orchestrator.events.on((e) => events.push(e));
    const blocker = orchestrator.executeJob(scriptJob('Blocker', 'job-sleep.mjs', ['300']));
    const low = orchestrator.executeJob(scriptJob('Low', 'job-exit.mjs', ['0'], { priority: 1 }));
    const high = orchestrator.executeJob(scriptJob('High', 'job-exit.mjs', ['0'], { priority: 9 }));
    await Promise.all([blocker, low, high]);
    expect(started).toEqual(['Blocker', 'High', 'Low']);
    expect(
      events.filter((e) => e.type === 'run-queued').map((e) => e.type === 'run-queued' && e.jobName),
    ).toEqual(['Low', 'High']);
  });

  it('retries a failing run with backoff, each attempt its own record linked to the first', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const flaky = scriptJob('Flaky', 'job-exit.mjs', ['2'], {
      retry: { attempts: 2, delaySeconds: 0.05, backoffFactor: 2 },
    });
    const result = await orchestrator.executeJob(flaky);
    const attempts = orchestrator.getCompletedJobs().reverse();
    expect(attempts.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((r) => r.firstRunId)).size).toBe(1);
    expect(attempts[0]?.firstRunId).toBe(attempts[0]?.runId);
    expect(attempts.slice(1).every((r) => r.trigger.kind === 'retry')).toBe(true);
    expect(result.attempt).toBe(3);
    expect(result.status).toBe('Failed');
  });

  it('does not retry a timed-out run unless onTimeout is set, and never a cancelled one', async () => {
    const orchestrator = new JobExecutionOrchestrator({ killGraceMs: 200 });
    const slow = scriptJob('Slow', 'job-sleep.mjs', ['60000'], {
      process: { timeoutMinutes: 0.005 },
      retry: { attempts: 3, delaySeconds: 0 },
    });
    expect((await orchestrator.executeJob(slow)).attempt).toBe(1);
    const retried = await orchestrator.executeJob({
      ...slow,
      retry: { attempts: 1, delaySeconds: 0, backoffFactor: 1, onTimeout: true },
    });
    expect(retried).toMatchObject({ status: 'TimedOut', attempt: 2 });

    const controller = new AbortController();
    const cancelled = orchestrator.executeJob(slow, { signal: controller.signal });
    setTimeout(() => controller.abort('test'), 100);
    expect(await cancelled).toMatchObject({ status: 'Cancelled', attempt: 1 });
  });

  it('cancels a run by id and cancelAll ends everything', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const one = orchestrator.executeJob(scriptJob('One', 'job-sleep.mjs', ['60000']));
    const two = orchestrator.executeJob(scriptJob('Two', 'job-sleep.mjs', ['60000']));
    await new Promise<void>((resolve) => {
      const off = orchestrator.monitor.events.on(() => {
        if (orchestrator.monitor.runningCount === 2) {
          off();
          resolve();
        }
      });
    });
    const pids = orchestrator.monitor.getAllRunningJobs().map((r) => r.pid ?? 0);
    const oneId = orchestrator.monitor.getAllRunningJobs().find((r) => r.jobName === 'One')?.runId ?? '';
    expect(orchestrator.cancel(oneId)).toBe(true);
    expect(orchestrator.cancel('no-such-run')).toBe(false);
    expect((await one).message).toContain('cancelled by the user');
    const all = await orchestrator.cancelAll();
    expect(all.map((r) => r.status)).toEqual(['Cancelled']);
    expect((await two).message).toContain('the hub is stopping');
    expect(orchestrator.activeCount).toBe(0);
    await expectNoSurvivors(pids, 0);
  });

  it('reports stuck runs through checkForStuckJobs and the stuck event', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const events: RunEvent[] = [];
    orchestrator.monitor.events.on((e) => events.push(e));
    const quiet = orchestrator.executeJob(
      scriptJob('Quiet', 'job-sleep.mjs', ['60000'], { silentAfterMinutes: 0.003 }),
    );
    await new Promise<void>((resolve) => {
      const off = orchestrator.monitor.events.on((e) => {
        if (e.type === 'run-stuck') {
          off();
          resolve();
        }
      });
    });
    expect(orchestrator.checkForStuckJobs(0).map((r) => r.jobName)).toEqual(['Quiet']);
    await orchestrator.cancelAll();
    await quiet;
    expect(events.filter((e) => e.type === 'run-stuck')).toHaveLength(1);
  });

  it('starts runs that come due together by priority, the first start included', async () => {
    const orchestrator = new JobExecutionOrchestrator({ maxConcurrentJobs: 1 });
    const started: string[] = [];
    orchestrator.monitor.events.on((e) => {
      if (e.type === 'run-started') started.push(e.run.jobName);
    });
    const due = { kind: 'schedule' as const, detail: '0 2 * * *' };
    const low = orchestrator.executeJob(scriptJob('Low', 'job-exit.mjs', ['0'], { priority: -5 }), {
      trigger: due,
    });
    // Due the same minute, its timer a few milliseconds later.
    await new Promise((resolve) => setTimeout(resolve, 3));
    const high = orchestrator.executeJob(scriptJob('High', 'job-exit.mjs', ['0'], { priority: 50 }), {
      trigger: due,
    });
    await Promise.all([low, high]);
    expect(started).toEqual(['High', 'Low']);
  });

  it('caps how many runs of a queue job wait, and says why the rest are skipped', async () => {
    const orchestrator = new JobExecutionOrchestrator();
    const events: OrchestratorEvent[] = [];
    orchestrator.events.on((e) => events.push(e));
    const slow = scriptJob('Slow', 'job-sleep.mjs', ['60000'], { concurrency: 'queue' });
    const runs = Array.from({ length: 14 }, () => orchestrator.startJob(slow));
    expect(runs.filter((r) => r.runId !== null)).toHaveLength(1 + MAX_QUEUED_RUNS);
    const skipped = await Promise.all(runs.filter((r) => r.runId === null).map((r) => r.done));
    expect(skipped).toHaveLength(14 - 1 - MAX_QUEUED_RUNS);
    for (const result of skipped) {
      expect(result.status).toBe('Skipped');
      expect(result.message).toContain(`skipped: ${MAX_QUEUED_RUNS} runs of "Slow" are already waiting`);
    }
    expect(events.filter((e) => e.type === 'run-skipped' && e.queueFull)).toHaveLength(skipped.length);
    await orchestrator.cancelAll();
  });
});
