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
  // Walk back from `to` so that `limit` bounds the work, in batches that double, stopping at the first run at or
  // before `from`: asking for `limit` runs at once costs a yearly schedule 1000 years of dates (~20 ms each
  // schedule at every start). previousRuns counts a run in the reference's own second only when it lies before
  // the reference, so the first reference is 1 ms past `to`, to include a run exactly at `to`.
  const cron = compileSchedule(def);
  // Usually nothing came due: one forward step (cheap in croner) says so without walking back at all.
  const first = cron.nextRun(from);
  if (!first || first.getTime() > to.getTime()) return [];
  const times: Date[] = [];
  let reference = new Date(to.getTime() + 1);
  for (let batch = 1; times.length < limit; batch *= 2) {
    const wanted = Math.min(batch, limit - times.length);
    const runs = cron.previousRuns(wanted, reference);
    for (const time of runs) {
      if (time.getTime() >= reference.getTime()) continue;
      if (time.getTime() <= from.getTime()) return times.reverse();
      times.push(time);
    }
    const earliest = runs.at(-1);
    if (runs.length < wanted || !earliest) break;
    reference = earliest;
  }
  return times.reverse();
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
