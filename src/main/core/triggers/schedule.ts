import type { ScheduleTrigger } from '../../../shared/job-schema';
import { compileSchedule, describeSchedule } from './compile-schedule';
import { fireSafely } from './fire-safely';
import { DEFAULT_LATE_TOLERANCE_MS } from './timing';
import type { FireHandler, TriggerErrorHandler, TriggerSource } from './types';

export interface ScheduleTriggerOptions {
  /** The clock nextRun() and the lateness check read; croner's own timers always use the real one. */
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
 * `timezone` is set, and re-checks the wall clock at least every 30 s, so sleep and clock changes are noticed.
 * Throws HubError('invalid-trigger') for a bad pattern or time zone.
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
  // Croner does not tell the callback which due time it is serving, so we remember the one it is waiting for.
  let expected = cron.nextRun(now());

  // unref stays false: a hub lives as long as its window or daemon loop anyway, and a CLI that only waits for a
  // schedule must not exit under it. protect stays off: the callback only hands over, the hub owns concurrency.
  cron.schedule(() => {
    const firedAt = now();
    let due = expected;
    // The wall clock went back since we looked: croner re-planned from the new time, so read what it served.
    if (due === null || due.getTime() > firedAt.getTime() + 1000) {
      due = cron.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
    }
    expected = cron.nextRun(firedAt);
    // Croner fires a due time it overslept once, on waking. That is a missed run: the hub's missed-run policy
    // decides about it, so firing here too would run it twice or defeat "skip".
    if (firedAt.getTime() - due.getTime() > lateToleranceMs) return;
    fireSafely(
      onFire,
      { trigger: { kind: 'schedule', detail }, scheduledFor: due.toISOString() },
      options.onError,
    );
  });

  return {
    description: describeSchedule(def),
    nextRun: () => (cron.isStopped() ? null : cron.nextRun(now())),
    stop: async () => {
      cron.stop();
    },
  };
}
