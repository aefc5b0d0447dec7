import { monotonicNow } from '../clock/monotonic';

interface Waiter {
  priority: number;
  order: number;
  /** monotonicNow() before which it is not granted (see acquire's holdMs). */
  heldUntil: number;
  grant: () => void;
}

/**
 * Limits how many runs execute at once (the global `maxConcurrentJobs`). Excess runs wait, highest
 * `priority` first and first-come first-served within a priority.
 */
export class SlotQueue {
  #limit: number;
  #inUse = 0;
  #order = 0;
  readonly #waiting: Waiter[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Changes the limit; raising it lets waiting runs start at once. */
  setLimit(limit: number): void {
    this.#limit = Math.max(1, limit);
    this.#drain();
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** No slot is free now (or runs are waiting for one): a new run would wait. */
  get full(): boolean {
    return this.#inUse >= this.#limit || this.#waiting.length > 0;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Takes a slot now if one is free (the common case, synchronous); otherwise null. */
  tryAcquire(): (() => void) | null {
    if (this.full) return null;
    this.#inUse++;
    return this.#releaser();
  }

  /**
   * Waits for a slot. Resolves to its release function, or rejects when `signal` aborts first. With `holdMs`,
   * the request waits that long even when a slot is free, so that requests arriving together (schedules due
   * the same minute, catch-ups after a restart) are granted by priority rather than by a millisecond's lead.
   */
  acquire(priority: number, signal?: AbortSignal, holdMs = 0): Promise<() => void> {
    const now = holdMs > 0 ? null : this.tryAcquire();
    if (now) return Promise.resolve(now);
    if (holdMs > 0) setTimeout(() => this.#drain(), holdMs);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        order: this.#order++,
        heldUntil: monotonicNow() + holdMs,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#releaser());
        },
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const at = this.#waiting.findIndex((w) => w.priority < priority);
      this.#waiting.splice(at === -1 ? this.#waiting.length : at, 0, waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      this.#drain();
    };
  }

  #drain(): void {
    const now = monotonicNow();
    // Once any waiter's hold is over, the best of all waiters present goes first: a hold gathers requests that
    // arrive together, so the highest priority among them wins, not the one that happened to come first.
    while (this.#inUse < this.#limit && this.#waiting.some((w) => w.heldUntil <= now)) {
      const next = this.#waiting.shift();
      if (!next) break;
      this.#inUse++;
      next.grant();
    }
    // A timer may fire a fraction of a millisecond before monotonicNow() passes a hold: look again then.
    if (this.#inUse < this.#limit && this.#waiting.length > 0) {
      const soonest = Math.min(...this.#waiting.map((w) => w.heldUntil));
      setTimeout(() => this.#drain(), Math.max(1, Math.ceil(soonest - now)));
    }
  }
}
