import type { IntervalTrigger } from '../../../shared/job-schema';
import { fireSafely } from './fire-safely';
import { describeInterval, intervalMs } from './interval-ms';
import { DEFAULT_LATE_TOLERANCE_MS, MAX_TIMER_MS } from './timing';
import type { FireHandler, TriggerErrorHandler, TriggerSource } from './types';

export interface IntervalTriggerOptions {
  /** The wall clock due times are kept in; tests move it to simulate sleep and clock changes. */
  now?: () => Date;
  /** A run due longer ago than this is left to the missed-run path (see timing.ts). */
  lateToleranceMs?: number;
  /** Told when the fire handler throws. */
  onError?: TriggerErrorHandler;
}

/**
 * Fires every `everyMinutes`, the first time one period after start. Due times are computed (start + k × period)
 * and each timer is armed for what is left until the next one, so firing does not drift the way setInterval
 * does when the event loop is busy. Timers stay ref'd: the hub keeps the process alive anyway, and a CLI waiting
 * only on an interval must not exit; stop() clears them.
 */
export function createIntervalTrigger(
  def: IntervalTrigger,
  onFire: FireHandler,
  options: IntervalTriggerOptions = {},
): TriggerSource {
  const now = () => (options.now ? options.now() : new Date()).getTime();
  const lateToleranceMs = options.lateToleranceMs ?? DEFAULT_LATE_TOLERANCE_MS;
  const periodMs = intervalMs(def);
  const detail = describeInterval(def);
  let due = now() + periodMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = () => {
    timer = setTimeout(tick, Math.min(Math.max(due - now(), 0), MAX_TIMER_MS));
  };

  function tick(): void {
    if (stopped) return;
    const at = now();
    // The wall clock went back by more than what was left: keep the period, not a due time hours away.
    if (due - at > periodMs) due = at + periodMs;
    if (at < due) {
      arm(); // woken early by the 30 s cap
      return;
    }
    const firstMissed = due;
    const periodsPassed = Math.floor((at - due) / periodMs);
    const servedDue = due + periodsPassed * periodMs;
    due = servedDue + periodMs;
    arm();
    // Overslept (machine asleep, clock jumped, process frozen): the hub's missed-run policy decides about these.
    if (at - firstMissed > lateToleranceMs) return;
    fireSafely(
      onFire,
      { trigger: { kind: 'interval', detail }, scheduledFor: new Date(servedDue).toISOString() },
      options.onError,
    );
  }

  arm();
  return {
    description: detail,
    nextRun: () => (stopped ? null : new Date(due)),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
