import { describe, expect, it } from 'vitest';
import type { ExecuteOptions } from '../../../../src/main/core/execution/execute-options';
import { OutputCapture } from '../../../../src/main/core/execution/output-capture';
import { prepareLaunch } from '../../../../src/main/core/execution/prepare-launch';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import { spawnChild } from '../../../../src/main/core/execution/spawn-child';
import { JobExecutionOrchestrator } from '../../../../src/main/core/orchestrator/job-execution-orchestrator';
import { jobSchema, type ProcessSettings } from '../../../../src/shared/job-schema';
import type { RunIdentity } from '../../../../src/shared/run-types';
import { expectNoSurvivors } from '../../../helpers/processes';

// A run holds its child's listeners, its streams' listeners and its timers for as long as it runs: a function
// made per run for each of them is heap held per running job (500 running jobs: each closure ×500).

const adopter = {
  ready: () => Promise.resolve(),
  around: <T>(start: () => T) => start(),
  adopt: () => {},
  discard: () => {},
};

async function start(runId: string) {
  const prepared = await prepareLaunch({ command: process.execPath, arguments: ['-e', '0'] }, runId, {});
  const capture = new OutputCapture({ logPath: null, tailBytes: 1024 });
  const spawned = await spawnChild(prepared, (stream) => capture.attach(stream), adopter);
  if ('error' in spawned) throw spawned.error;
  return spawned;
}

describe('what every run shares instead of making its own', () => {
  it('its child and its output streams carry the same listener functions as any other run', async () => {
    const a = await start('run-a');
    const b = await start('run-b');
    try {
      // rawListeners: a listener added with `once` is a wrapper made for that child (two objects per event).
      for (const event of ['spawn', 'exit', 'close', 'error']) {
        const mine = a.child.rawListeners(event);
        expect(mine.length, event).toBeGreaterThan(0);
        for (const [i, listener] of mine.entries())
          expect(listener, event).toBe(b.child.rawListeners(event)[i]);
      }
      for (const stream of ['stdout', 'stderr'] as const)
        for (const event of ['data', 'end', 'error']) {
          const mine = a.child[stream]?.rawListeners(event) ?? [];
          expect(mine.length, `${stream} ${event}`).toBeGreaterThan(0);
          for (const [i, listener] of mine.entries())
            expect(listener).toBe(b.child[stream]?.rawListeners(event)[i]);
        }
    } finally {
      await Promise.all([a.whenClosed(), b.whenClosed()]);
      await expectNoSurvivors([a.pid, b.pid]);
    }
  });
});

describe('what a running job listens with', () => {
  it('its hooks are shared functions, not closures made for the attempt', async () => {
    const seen: ExecuteOptions[] = [];
    class Recording extends ProcessExecutionService {
      override execute(run: RunIdentity | string, settings: ProcessSettings, options: ExecuteOptions = {}) {
        seen.push(options);
        return super.execute(run, settings, options);
      }
    }
    const orchestrator = new JobExecutionOrchestrator({ executor: new Recording() });
    const job = jobSchema.parse({
      name: 'Shared',
      concurrency: 'parallel',
      process: { command: process.execPath, arguments: ['-e', '0'] },
    });
    const pids: number[] = [];
    orchestrator.monitor.events.on((event) => {
      if (event.type === 'run-started' && event.run.pid !== null) pids.push(event.run.pid);
    });
    const results = await Promise.all([orchestrator.executeJob(job), orchestrator.executeJob(job)]);
    await expectNoSurvivors(pids);
    expect(pids).toHaveLength(2);
    expect(results.map((r) => r.status)).toEqual(['CompletedSuccessfully', 'CompletedSuccessfully']);
    const [a, b] = seen as [ExecuteOptions, ExecuteOptions];
    for (const hook of [
      'onBeforeSpawn',
      'onSpawn',
      'onIdentified',
      'onStartupPassed',
      'onStatus',
      'onOutput',
    ] as const) {
      expect(typeof a[hook], hook).toBe('function');
      expect(a[hook], hook).toBe(b[hook]);
    }
  });
});
