import type { IntervalTrigger, ScheduleTrigger } from '../../../shared/job-schema';
import { compileSchedule } from './compile-schedule';
import { intervalMs } from './interval-ms';

/**
 * The times a schedule or interval should have fired in (from, to], oldest first. Used at start (from = when the
 * hub was last known alive) and after sleep or a clock jump. When there are more than `limit`, the latest `limit`
 * are returned: they are the ones the policy needs, and a per-second cron across a week-long sleep must not
 * enumerate 600 000 dates. Interval times are `anchor + k × period` (k ≥ 1); pass the trigger's last fire or
 * start as `anchor` when known, otherwise `from` is used, which may miss the one run that fell due between the
 * last fire and `from + period`. Throws HubError for an invalid schedule (as createScheduleTrigger does).
 */
export function missedRunTimes(
  def: ScheduleTrigger | IntervalTrigger,
  from: Date,
  to: Date,
  limit = 1000,
  anchor: Date = from,
): Date[] {
  if (to.getTime() <= from.getTime() || limit <= 0) return [];
  return def.type === 'schedule'
    ? missedCronTimes(def, from, to, limit)
    : missedIntervalTimes(def, from, to, limit, anchor);
}

function missedCronTimes(def: ScheduleTrigger, from: Date, to: Date, limit: number): Date[] {
  // Walk back from `to` so that `limit` bounds the work. previousRuns counts a run in the reference's own second
  // only when it lies before the reference, so step 1 ms past `to` to include a run exactly at `to`.
  return compileSchedule(def)
    .previousRuns(limit, new Date(to.getTime() + 1))
    .filter((time) => time.getTime() > from.getTime() && time.getTime() <= to.getTime())
    .reverse();
}

function missedIntervalTimes(
  def: IntervalTrigger,
  from: Date,
  to: Date,
  limit: number,
  anchor: Date,
): Date[] {
  const period = intervalMs(def);
  const base = anchor.getTime();
  const first = Math.max(1, Math.floor((from.getTime() - base) / period) + 1);
  const last = Math.floor((to.getTime() - base) / period);
  const times: Date[] = [];
  for (let k = Math.max(first, last - limit + 1); k <= last; k++) times.push(new Date(base + k * period));
  return times;
}

/** What the `missedRuns` policy runs after a gap: "runOnce" runs once, for the latest missed time; "skip" nothing. */
export function decideMissed(policy: 'skip' | 'runOnce', missed: Date[]): Date | null {
  if (policy === 'skip' || missed.length === 0) return null;
  return missed.reduce((latest, time) => (time.getTime() > latest.getTime() ? time : latest));
}
