import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves once the condition holds, sync or async', async () => {
    let polls = 0;
    await waitFor(() => ++polls >= 3, { intervalMs: 1 });
    expect(polls).toBe(3);
    let asyncPolls = 0;
    await waitFor(async () => ++asyncPolls >= 2, { intervalMs: 1 });
    expect(asyncPolls).toBe(2);
  });

  it('rejects naming what it waited for, or the condition itself', async () => {
    await expect(waitFor(() => false, { what: 'the file arrived', timeoutMs: 30 })).rejects.toThrow(
      'timed out after 30 ms waiting until the file arrived',
    );
    const fires: number[] = [];
    await expect(waitFor(() => fires.length >= 2, { timeoutMs: 30 })).rejects.toThrow(
      'waiting until () => fires.length >= 2',
    );
  });
});
