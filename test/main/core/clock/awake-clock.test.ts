import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createAwakeClock } from '../../../../src/main/core/clock/awake-clock';
import { freezeEventLoop } from '../../../helpers/freeze';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('awake clock', () => {
  it('fires after the awake time asked for when nothing slept', async () => {
    const clock = createAwakeClock({ tickMs: 50, minGapMs: 200 });
    const started = performance.now();
    const fired = await new Promise<number>((resolve) => clock.after(150, () => resolve(performance.now())));
    expect(fired - started).toBeGreaterThanOrEqual(149);
  });

  it('moves a deadline by a gap in which the event loop did not run (sleep as Windows counts it)', async () => {
    const clock = createAwakeClock({ tickMs: 50, minGapMs: 200 });
    let firedAt: number | null = null;
    const started = performance.now();
    clock.after(300, () => {
      firedAt = performance.now();
    });
    await wait(100);
    const froze = performance.now();
    freezeEventLoop(1000);
    const woke = performance.now();
    // A plain 300 ms timer is overdue by now and would fire at once; the awake clock owes about 200 ms more.
    await wait(120);
    expect(firedAt).toBeNull();
    await wait(400);
    expect(firedAt).not.toBeNull();
    // What was owed at the freeze, less the one tick the clock cannot tell from sleep (it looks every 50 ms),
    // less the millisecond by which Node may fire a timer early.
    const owed = 300 - (froze - started);
    expect((firedAt ?? 0) - woke).toBeGreaterThanOrEqual(owed - 50 - 1);
    expect((firedAt ?? 0) - started).toBeGreaterThan(1200);
  });

  it('counts a jump of the monotonic clock it did not see the loop through, once', async () => {
    let offset = 0;
    const clock = createAwakeClock({
      tickMs: 20,
      minGapMs: 100,
      monotonicNow: () => performance.now() + offset,
    });
    const cancel = clock.after(60_000, () => {});
    const before = clock.now();
    offset += 10 * 60_000;
    await wait(60);
    const after = clock.now();
    expect(after - before).toBeLessThan(1000);
    await wait(60);
    expect(clock.now() - after).toBeLessThan(1000);
    cancel();
  });

  it('never fires a cancelled timer, and cancelling twice is harmless', async () => {
    const clock = createAwakeClock({ tickMs: 10, minGapMs: 100 });
    let fired = false;
    const cancel = clock.after(50, () => {
      fired = true;
    });
    let other = false;
    clock.after(60, () => {
      other = true;
    });
    cancel();
    cancel();
    await wait(150);
    expect(fired).toBe(false);
    expect(other).toBe(true);
  });
});
