import { monotonicNow as readMonotonic } from '../clock/monotonic';

/** A gap clock-watch noticed: the wall clock reads `actualAt` where `expectedAt` was due; negative = went back. */
export interface ClockJump {
  expectedAt: Date;
  actualAt: Date;
  gapMs: number;
}

export interface ClockWatchOptions {
  /** How often to look. One timer per period is the whole cost of an idle watch. Default 60 s. */
  checkEveryMs?: number;
  /** Gaps up to this are jitter, not jumps. Default 30 s. */
  toleranceMs?: number;
  /** The wall clock (injectable so tests can jump it). */
  now?: () => Date;
  /** A clock that never jumps, in ms (libuv's, as performance.now reads it, by default). */
  monotonicNow?: () => number;
}

/**
 * Notices that the machine slept or the wall clock jumped, so the host can re-check schedules (hub.onResume)
 * where no OS resume event exists (the CLI daemon). Two signals, because platforms differ: where the monotonic
 * clock stops during suspend (Linux), wall time runs ahead of monotonic time; where it keeps counting (Windows'
 * QueryPerformanceCounter), both agree but our own timer fires far past its due time. A clock set by hand or
 * by NTP shows as wall vs monotonic too, in either direction. The timer is unref'd: watching must never be what
 * keeps a process alive.
 */
export function createClockWatch(
  onJump: (info: ClockJump) => void,
  options: ClockWatchOptions = {},
): { stop(): void } {
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  const toleranceMs = options.toleranceMs ?? 30_000;
  const wallNow = () => (options.now ? options.now() : new Date()).getTime();
  const monotonicNow = options.monotonicNow ?? readMonotonic;
  let lastWall = wallNow();
  let lastMonotonic = monotonicNow();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = () => {
    timer = setTimeout(check, checkEveryMs);
    timer.unref();
  };

  function check(): void {
    if (stopped) return;
    const wall = wallNow();
    const monotonic = monotonicNow();
    const timerGap = wall - (lastWall + checkEveryMs);
    const clockGap = wall - lastWall - (monotonic - lastMonotonic);
    // Whole ms: the monotonic clock has fractions, and a Date would silently drop them from expectedAt.
    const gapMs = Math.round(Math.abs(timerGap) >= Math.abs(clockGap) ? timerGap : clockGap);
    lastWall = wall;
    lastMonotonic = monotonic;
    arm();
    if (Math.abs(gapMs) > toleranceMs) {
      onJump({ expectedAt: new Date(wall - gapMs), actualAt: new Date(wall), gapMs });
    }
  }

  arm();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
