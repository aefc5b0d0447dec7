import { describe, expect, it } from 'vitest';
import { type AwakeClock, createAwakeClock } from '../../../../src/main/core/clock/awake-clock';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import { expectNoSurvivors, fixture } from '../../../helpers/processes';

// A run arms one timer at a time, for the nearer of its two deadlines (the end of the startup window, then the
// timeout): either may come first, or both at once.

const service = new ProcessExecutionService();

async function runUntilTimeout(startupSeconds: number, timeoutMinutes: number) {
  const pids: number[] = [];
  let spawnedAt = 0;
  const startupPassedAfter: number[] = [];
  const result = await service.execute(
    'Deadlines',
    {
      command: process.execPath,
      arguments: [fixture('job-sleep.mjs'), '20000'],
      startupSeconds,
      timeoutMinutes,
    },
    {
      onSpawn: ({ pid }) => {
        pids.push(pid);
        spawnedAt = performance.now();
      },
      onStartupPassed: () => startupPassedAfter.push(performance.now() - spawnedAt),
    },
  );
  await expectNoSurvivors(pids, 0);
  return { result, startupPassedAfter };
}

describe('a run’s startup window and timeout', () => {
  it('passes the startup window first when it is the shorter, then times out', async () => {
    const { result, startupPassedAfter } = await runUntilTimeout(0.3, 0.02);
    expect(startupPassedAfter).toHaveLength(1);
    expect(startupPassedAfter[0]).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeGreaterThanOrEqual(1200);
    expect(result.status).toBe('TimedOut');
    expect(result.message).toMatch(/^timed out after 1\.\d s \(timeoutMinutes: 0\.02\)/);
  });

  it('times out before the startup window ends when the timeout is the shorter', async () => {
    const { result, startupPassedAfter } = await runUntilTimeout(5, 0.01);
    expect(startupPassedAfter).toEqual([]);
    expect(result.status).toBe('TimedOut');
    expect(result.durationMs).toBeGreaterThanOrEqual(600);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('passes the startup window and times out together when both end at once', async () => {
    const { result, startupPassedAfter } = await runUntilTimeout(0.6, 0.01);
    expect(startupPassedAfter).toHaveLength(1);
    expect(result.status).toBe('TimedOut');
    expect(result.durationMs).toBeGreaterThanOrEqual(600);
  });
});

describe('a run’s timer on a clock that calls back at once for a deadline already passed', () => {
  it('leaves no timer armed once the run is over', async () => {
    const real = createAwakeClock();
    const armed = new Set<number>();
    let next = 0;
    const clock: AwakeClock = {
      now: () => real.now(),
      after: (ms, fn) => {
        if (ms <= 0) {
          fn();
          return () => {};
        }
        const id = next++;
        armed.add(id);
        const cancel = real.after(ms, () => {
          armed.delete(id);
          fn();
        });
        return () => {
          armed.delete(id);
          cancel();
        };
      },
    };
    const pids: number[] = [];
    const result = await service.execute(
      'Quick',
      {
        command: process.execPath,
        arguments: [fixture('job-sleep.mjs'), '100'],
        startupSeconds: 0,
        timeoutMinutes: 0.05,
      },
      { clock, onSpawn: ({ pid }) => pids.push(pid) },
    );
    await expectNoSurvivors(pids, 0);
    expect(result.status).toBe('CompletedSuccessfully');
    // The timeout armed from inside the startup window's call-back was cancelled with the run.
    expect(armed.size).toBe(0);
  });
});
