import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/shared/coalesce';

/** A task whose calls the test finishes by hand, recording how many ran and how many overlapped. */
function controlledTask() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const task = () =>
    new Promise<void>((resolve, reject) => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const done = () => inFlight--;
      pending.push({
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  return {
    task,
    pending,
    get calls() {
      return calls;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesce', () => {
  it('runs a burst of calls as one call in flight plus one after it', async () => {
    const t = controlledTask();
    const refresh = coalesce(t.task);
    for (let i = 0; i < 10; i++) refresh();
    expect(t.calls).toBe(1);
    t.pending.shift()?.resolve();
    await settle();
    // The calls made while the first ran are served by one more run, which starts after they asked.
    expect(t.calls).toBe(2);
    t.pending.shift()?.resolve();
    await settle();
    expect(t.calls).toBe(2);
    expect(t.maxInFlight).toBe(1);
  });

  it('runs again for a call made while the follow-up runs', async () => {
    const t = controlledTask();
    const refresh = coalesce(t.task);
    refresh();
    refresh();
    t.pending.shift()?.resolve();
    await settle();
    refresh();
    t.pending.shift()?.resolve();
    await settle();
    expect(t.calls).toBe(3);
    t.pending.shift()?.resolve();
    await settle();
    expect(t.calls).toBe(3);
  });

  it('reports a failed run to onError and keeps serving calls', async () => {
    const t = controlledTask();
    const errors: unknown[] = [];
    const refresh = coalesce(t.task, (error) => errors.push(error));
    refresh();
    refresh();
    t.pending.shift()?.reject(new Error('listing failed'));
    await settle();
    expect(errors).toEqual([new Error('listing failed')]);
    expect(t.calls).toBe(2);
    t.pending.shift()?.resolve();
    await settle();
    refresh();
    expect(t.calls).toBe(3);
  });

  it('ignores a failure when no onError is given', async () => {
    const t = controlledTask();
    const refresh = coalesce(t.task);
    refresh();
    t.pending.shift()?.reject(new Error('offline'));
    await settle();
    refresh();
    expect(t.calls).toBe(2);
  });
});
