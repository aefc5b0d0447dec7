import type { ScheduleTrigger } from '../../../shared/job-schema';
import { compileSchedule, describeSchedule } from './compile-schedule';
import { fireSafely } from './fire-safely';
import { DEFAULT_LATE_TOLERANCE_MS, MAX_TIMER_MS } from './timing';
import type { FireHandler, TriggerErrorHandler, TriggerSource } from './types';

export interface ScheduleTriggerOptions {
  /** The wall clock: due times are computed from it and compared with it (injectable so tests can jump it). */
  now?: () => Date;
  /** Where the trigger sits in the job file, e.g. `triggers[2]`; prefixes error fields. */
  field?: string;
  /** A run due longer ago than this is left to the missed-run path (see timing.ts). */
  lateToleranceMs?: number;
  /** Told when the fire handler throws. */
  onError?: TriggerErrorHandler;
}

/**
 * Fires on a cron schedule (5 fields, or 6 with seconds). Croner does the calendar work, DST included when
 * `timezone` is set; the waiting is ours: the next due time is computed once per fire, and a timer of at most 30 s
 * compares the wall clock with it, so sleep and clock changes are noticed without croner planning every schedule
 * again every 30 s (50 yearly schedules took some 15 ms and their garbage each time, on an otherwise idle hub).
 * A wall clock set back does not bring a time that already ran round again. Throws HubError('invalid-trigger')
 * for a bad pattern or time zone.
 */
export function createScheduleTrigger(
  def: ScheduleTrigger,
  onFire: FireHandler,
  options: ScheduleTriggerOptions = {},
): TriggerSource {
  const now = options.now ?? (() => new Date());
  const lateToleranceMs = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
  const cron = compileSchedule(def, options.field);
  const detail = def.cron.trim();
  let expected = cron.nextRun(now());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  // The timer stays ref'd: a hub lives as long as its window or daemon loop anyway, and a CLI that only waits for
  // a schedule must not exit under it. The handler only hands over; the hub owns concurrency.
  const arm = () => {
    if (stopped || expected === null) return;
    timer = setTimeout(wake, Math.min(Math.max(expected.getTime() - now().getTime(), 0), MAX_TIMER_MS));
  };
  function wake(): void {
    if (stopped || expected === null) return;
    const at = now();
    const due = expected;
    if (at.getTime() >= due.getTime()) {
      expected = cron.nextRun(at);
      // A due time overslept (the machine slept, the clock jumped, the process was frozen) is a missed run: the
      // hub's missed-run policy decides about it, so firing here too would run it twice or defeat "skip".
      if (at.getTime() - due.getTime() <= lateToleranceMs)
        fireSafely(
          onFire,
          { trigger: { kind: 'schedule', detail }, scheduledFor: due.toISOString() },
          options.onError,
        );
    }
    arm();
  }
  arm();

  return {
    description: describeSchedule(def),
    nextRun: () => {
      if (stopped) return null;
      const at = now();
      // The time the trigger waits for, while it is still ahead (after the clock was set back too, when the pattern
      // would match sooner); once overslept and not yet woken, the pattern's next match.
      return expected && expected.getTime() > at.getTime() ? expected : cron.nextRun(at);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
