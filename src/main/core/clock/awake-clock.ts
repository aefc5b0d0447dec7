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
  const state = new ClockState(options);
  return {
    now: () => state.now(),
    // A timer is an object and its cancel one bound function: every run holds two of them (startup window and
    // timeout) for as long as it runs, and closures per timer would be heap held per running job.
    after: (ms, fn) => new AwakeTimer(state, state.now() + ms, fn).start(ms),
  };
}

class ClockState {
  readonly tickMs: number;
  readonly #minGapMs: number;
  readonly #monotonic: () => number;
  #slept = 0;
  #armed = 0;
  #last: number;
  #ticker: NodeJS.Timeout | null = null;

  constructor(options: AwakeClockOptions) {
    this.tickMs = options.tickMs ?? 1000;
    this.#minGapMs = options.minGapMs ?? 5000;
    this.#monotonic = options.monotonicNow ?? monotonicNow;
    this.#last = this.#monotonic();
  }

  now(): number {
    return this.#monotonic() - this.#slept;
  }

  /** Counts a gap in the monotonic clock beyond a tick (and some jitter) as sleep. */
  look(): void {
    const at = this.#monotonic();
    const gap = at - this.#last - this.tickMs;
    if (gap > this.#minGapMs) this.#slept += gap;
    this.#last = at;
  }

  retain(): void {
    if (this.#armed++ > 0) return;
    this.#last = this.#monotonic();
    this.#ticker = setInterval(lookAt, this.tickMs, this);
    this.#ticker.unref();
  }

  release(): void {
    if (--this.#armed > 0 || !this.#ticker) return;
    clearInterval(this.#ticker);
    this.#ticker = null;
  }
}

class AwakeTimer {
  #handle: NodeJS.Timeout | null = null;
  #done = false;

  constructor(
    private readonly clock: ClockState,
    private readonly due: number,
    private readonly fn: () => void,
  ) {}

  start(ms: number): Cancel {
    this.clock.retain();
    this.#arm(ms);
    return this.cancel.bind(this);
  }

  cancel(): void {
    if (this.#done) return;
    if (this.#handle) clearTimeout(this.#handle);
    this.#finish();
  }

  check(): void {
    this.clock.look();
    const left = this.due - this.clock.now();
    if (left > 0) {
      this.#arm(left);
      return;
    }
    this.#finish();
    this.fn();
  }

  #arm(delay: number): void {
    this.#handle = setTimeout(checkTimer, Math.min(Math.max(0, delay), MAX_TIMER_MS), this);
    this.#handle.unref();
  }

  #finish(): void {
    this.#done = true;
    this.clock.release();
  }
}

// Module-level callbacks (the object comes as setTimeout's argument): no function is made per timer.
function lookAt(state: ClockState): void {
  state.look();
}

function checkTimer(timer: AwakeTimer): void {
  timer.check();
}

/** The clock every run and monitor shares unless a test gives its own. */
export const awakeClock: AwakeClock = createAwakeClock();
