import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStabilityTracker } from '../../../../src/main/core/triggers/file-stability';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** A tracker over real files that records what settled, in order. */
function tracked(stableMs: () => number) {
  const settled: string[] = [];
  const tracker = createStabilityTracker({ stableMs, onStable: (file) => settled.push(path.basename(file)) });
  const submit = (file: string) => {
    const { size, mtimeMs } = statSync(file);
    tracker.submit(file, { size, mtimeMs });
  };
  return { tracker, settled, submit };
}

describe('stability tracker', () => {
  it('settles each of a thousand files written together once, on one timer', async () => {
    const dir = await tempDir();
    const { tracker, settled, submit } = tracked(() => 200);
    const before = timers();
    for (let i = 0; i < 1000; i++) {
      const file = path.join(dir, `f${i}.csv`);
      writeFileSync(file, 'a,b\n');
      submit(file);
    }
    // A timer per file would be a thousand timers (and a thousand stats at once when they fire). The count is
    // the process's, so other timers may come and go meanwhile.
    expect(timers() - before).toBeLessThan(10);
    await waitFor(() => settled.length === 1000, { timeoutMs: 10_000 });
    expect(new Set(settled).size).toBe(1000);
    await sleep(300);
    expect(settled).toHaveLength(1000);
    expect(tracker.has(path.join(dir, 'f0.csv'))).toBe(false);
  });

  it('waits while a file keeps changing, and forgets a cancelled one', async () => {
    const dir = await tempDir();
    const { tracker, settled, submit } = tracked(() => 150);
    const growing = path.join(dir, 'growing.csv');
    const cancelled = path.join(dir, 'cancelled.csv');
    writeFileSync(growing, 'a');
    writeFileSync(cancelled, 'a');
    submit(growing);
    submit(cancelled);
    tracker.cancel(cancelled);
    // Written to every 50 ms for 600 ms: each check finds it changed and waits again.
    for (let i = 0; i < 12; i++) {
      await sleep(50);
      appendFileSync(growing, 'more');
      expect(settled).toEqual([]);
    }
    expect(tracker.has(growing)).toBe(true);
    await waitFor(() => settled.length === 1, { timeoutMs: 5000 });
    expect(settled).toEqual(['growing.csv']);
    await sleep(300);
    expect(settled).toEqual(['growing.csv']);
  });

  it('settles a file armed with a shorter period no sooner than that period, and clear() stops everything', async () => {
    const dir = await tempDir();
    let period = 600;
    const { tracker, settled, submit } = tracked(() => period);
    const slow = path.join(dir, 'slow.csv');
    const quick = path.join(dir, 'quick.csv');
    writeFileSync(slow, 'a');
    writeFileSync(quick, 'a');
    const started = performance.now();
    submit(slow);
    period = 100;
    submit(quick);
    await waitFor(() => settled.length === 2, { timeoutMs: 5000 });
    // The quick file waits its own 100 ms at least (here: for the file armed before it).
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(settled.sort()).toEqual(['quick.csv', 'slow.csv']);

    const later = path.join(dir, 'later.csv');
    writeFileSync(later, 'a');
    submit(later);
    tracker.clear();
    await sleep(300);
    expect(settled).toHaveLength(2);
  });
});
