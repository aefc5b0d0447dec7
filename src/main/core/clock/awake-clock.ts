import { monotonicNow } from './monotonic';

/** Undoes a timer armed on an awake clock. */
export type Cancel = () => void;

/** Time that counts only while this process could watch: timeouts and silence checks are measured on it. */
export interface AwakeClock {
  /** Milliseconds of awake time (an arbitrary origin; only differences mean something). */
  now(): number;
  /** Calls `fn` once `ms` of awake time have passed. */
  after(ms: number, fn: () => void): Cancel;
}

export interface AwakeClockOptions {
  /** While a timer is armed, the clock looks this often whether time passed unobserved. Default 1 s. */
  tickMs?: number;
  /** A gap longer than this beyond a tick is sleep (or a frozen process), not jitter. Default 5 s. */
  minGapMs?: number;
  /** The monotonic clock (libuv's, as performance.now reads it, by default). */
  monotonicNow?: () => number;
}

// setTimeout's limit is 2^31-1 ms (24.8 days); a longer wait is armed in steps.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A clock that does not count the time the machine slept. Where the monotonic clock stands still in suspend
 * (Linux) that comes for free; where it keeps counting (Windows' QueryPerformanceCounter), a job's 30-minute
 * timeout would fire the moment the laptop wakes after a night asleep, and a silence check would call every job
 * stuck. While any timer is armed, a tick every second notices a gap in the monotonic clock (the event loop did
 * not run: the machine slept or the process was frozen) and moves every deadline by it. A timer that fires checks
 * for a gap first, so the order in which timers fire after a wake does not matter. Idle, it costs nothing.
 */
export function createAwakeClock(options: AwakeClockOptions = {}): AwakeClock {
  const tickMs = options.tickMs ?? 1000;
  const minGapMs = options.minGapMs ?? 5000;
  const monotonic = options.monotonicNow ?? monotonicNow;
  let slept = 0;
  let armed = 0;
  let last = monotonic();
  let ticker: NodeJS.Timeout | null = null;

  const look = () => {
    const at = monotonic();
    const gap = at - last - tickMs;
    if (gap > minGapMs) slept += gap;
    last = at;
  };
  const retain = () => {
    if (armed++ > 0) return;
    last = monotonic();
    ticker = setInterval(look, tickMs);
    ticker.unref();
  };
  const release = () => {
    if (--armed > 0 || !ticker) return;
    clearInterval(ticker);
    ticker = null;
  };
  const now = () => monotonic() - slept;

  return {
    now,
    after(ms, fn) {
      const due = now() + ms;
      let handle: NodeJS.Timeout | null = null;
      let done = false;
      const finish = () => {
        done = true;
        release();
      };
      const check = () => {
        look();
        const left = due - now();
        if (left > 0) return arm(left);
        finish();
        fn();
      };
      const arm = (delay: number) => {
        handle = setTimeout(check, Math.min(Math.max(0, delay), MAX_TIMER_MS));
        handle.unref();
      };
      retain();
      arm(ms);
      return () => {
        if (done) return;
        if (handle) clearTimeout(handle);
        finish();
      };
    },
  };
}

/** The clock every run and monitor shares unless a test gives its own. */
export const awakeClock: AwakeClock = createAwakeClock();
