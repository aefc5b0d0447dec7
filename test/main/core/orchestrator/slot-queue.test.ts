import { describe, expect, it } from 'vitest';
import { SlotQueue } from '../../../../src/main/core/orchestrator/slot-queue';

describe('SlotQueue', () => {
  it('grants free slots at once and queues the rest by priority, then arrival', async () => {
    const queue = new SlotQueue(1);
    const first = queue.tryAcquire();
    expect(first).not.toBeNull();
    const order: string[] = [];
    const wait = (name: string, priority: number) =>
      queue.acquire(priority, undefined).then((release) => {
        order.push(name);
        release();
      });
    const all = Promise.all([wait('low', 0), wait('high', 10), wait('low-2', 0), wait('mid', 5)]);
    expect(queue.waiting).toBe(4);
    first?.();
    await all;
    expect(order).toEqual(['high', 'mid', 'low', 'low-2']);
    expect(queue.inUse).toBe(0);
  });

  it('removes a waiter whose signal aborts', async () => {
    const queue = new SlotQueue(1);
    const held = queue.tryAcquire();
    const controller = new AbortController();
    const waiting = queue.acquire(0, controller.signal);
    controller.abort('gone');
    await expect(waiting).rejects.toBe('gone');
    expect(queue.waiting).toBe(0);
    held?.();
    expect(queue.inUse).toBe(0);
  });

  it('starts waiters when the limit is raised, and a release counts once', async () => {
    const queue = new SlotQueue(1);
    const held = queue.tryAcquire();
    const next = queue.acquire(0);
    queue.setLimit(2);
    const release = await next;
    held?.();
    held?.();
    expect(queue.inUse).toBe(1);
    release();
    expect(queue.inUse).toBe(0);
  });
});
