import type { IntervalTrigger } from '../../../shared/job-schema';

/** The period in whole milliseconds: 0.005 min × 60 000 is 300.00000000000006 in floating point, not 300. */
export function intervalMs(def: IntervalTrigger): number {
  return Math.max(1, Math.round(def.everyMinutes * 60_000));
}

/** `every 5 minutes`, `every 0.5 minutes`: what the UI shows for an interval. */
export function describeInterval(def: IntervalTrigger): string {
  return `every ${def.everyMinutes} minute${def.everyMinutes === 1 ? '' : 's'}`;
}
