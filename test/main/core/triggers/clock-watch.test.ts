import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClockJump, createClockWatch } from '../../../../src/main/core/triggers/clock-watch';
import { waitFor } from '../../../helpers/wait-for';

const watches: { stop(): void }[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.stop();
});

/** A wall clock the test can move, over the real one, and a monotonic clock that can stand still. */
function fakeClocks() {
  const clocks = { wallOffsetMs: 0, frozenMonotonic: undefined as number | undefined };
  return {
    clocks,
    now: () => new Date(Date.now() + clocks.wallOffsetMs),
    monotonicNow: () => clocks.frozenMonotonic ?? performance.now(),
  };
}

describe('createClockWatch', () => {
  it('reports a wall clock jump forward (what a suspend looks like where the monotonic clock stops)', async () => {
    const jumps: ClockJump[] = [];
    const { clocks, now, monotonicNow } = fakeClocks();
    watches.push(
      createClockWatch((jump) => jumps.push(jump), {
        checkEveryMs: 50,
        toleranceMs: 1000,
        now,
        monotonicNow,
      }),
    );
    await sleep(120);
    clocks.wallOffsetMs = 3_600_000;
    await waitFor(() => jumps.length >= 1, { timeoutMs: 5000 });

    const [jump] = jumps;
    expect(jump?.gapMs).toBeGreaterThan(3_600_000 - 1000);
    expect(jump?.gapMs).toBeLessThan(3_600_000 + 1000);
    expect((jump?.actualAt.getTime() ?? 0) - (jump?.expectedAt.getTime() ?? 0)).toBe(jump?.gapMs);
    await sleep(200);
    expect(jumps).toHaveLength(1); // once per jump, not on every later check
  });

  it('reports a clock set back, as a negative gap', async () => {
    const jumps: ClockJump[] = [];
    const { clocks, now, monotonicNow } = fakeClocks();
    watches.push(
      createClockWatch((jump) => jumps.push(jump), {
        checkEveryMs: 50,
        toleranceMs: 1000,
        now,
        monotonicNow,
      }),
    );
    clocks.wallOffsetMs = -600_000;
    await waitFor(() => jumps.length >= 1, { timeoutMs: 5000 });
    expect(jumps[0]?.gapMs).toBeLessThan(-599_000);
  });

  it('reports its own timer firing late even when both clocks agree (where the monotonic clock counts sleep)', async () => {
    const jumps: ClockJump[] = [];
    watches.push(createClockWatch((jump) => jumps.push(jump), { checkEveryMs: 50, toleranceMs: 200 }));
    await sleep(70);
    const until = Date.now() + 600;
    while (Date.now() < until) {
      // Hold the event loop, as a frozen process or a sleeping machine would: the 50 ms timer fires ~600 ms late.
    }
    await waitFor(() => jumps.length >= 1, { timeoutMs: 5000 });
    expect(jumps[0]?.gapMs).toBeGreaterThan(200);
  });

  it('stays quiet while the clocks agree, and after stop()', async () => {
    const jumps: ClockJump[] = [];
    const { clocks, now, monotonicNow } = fakeClocks();
    const watch = createClockWatch((jump) => jumps.push(jump), {
      checkEveryMs: 30,
      toleranceMs: 1000,
      now,
      monotonicNow,
    });
    await sleep(300);
    expect(jumps).toEqual([]);
    watch.stop();
    clocks.wallOffsetMs = 3_600_000;
    await sleep(200);
    expect(jumps).toEqual([]);
  });

  it("uses one unref'd timer, so it never keeps a process alive", async () => {
    const { setTimeout: realSetTimeout } = globalThis;
    const created: NodeJS.Timeout[] = [];
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      const timer = realSetTimeout(...args);
      created.push(timer);
      return timer;
    }) as typeof setTimeout;
    try {
      watches.push(createClockWatch(() => {}, { checkEveryMs: 60_000 }));
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(created).toHaveLength(1);
    expect(created[0]?.hasRef()).toBe(false);
  });
});
