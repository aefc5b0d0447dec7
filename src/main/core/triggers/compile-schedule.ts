import { Cron } from 'croner';
import { checkSchedule } from '../../../shared/cron-check';
import type { ScheduleTrigger } from '../../../shared/job-schema';
import { HubError } from '../errors';

/**
 * Checks a schedule trigger and returns an unscheduled croner job (no timer) for computing run times. Shared by
 * the live trigger and missedRunTimes so that both read a pattern the same way (and the same way the job-file
 * schema checked it, see checkSchedule). `field` is the trigger's place in the job file (`triggers[2]`), so
 * errors read `triggers[2].cron: …`.
 */
export function compileSchedule(def: ScheduleTrigger, field = 'trigger'): Cron {
  const problem = checkSchedule(def);
  if (problem) throw new HubError('invalid-trigger', problem.message, { field: `${field}.${problem.field}` });
  return withCompactYears(new Cron(def.cron.trim(), { timezone: def.timezone, mode: '5-or-6-parts' }));
}

/**
 * Croner keeps, for every pattern, which of the years 0-9999 it matches as an array of 10,000 numbers (80 KB), even
 * for one that matches every year, as all five- and six-field patterns do. An idle hub with 50 schedules held 4 MB of
 * them, a quarter of its heap, which every full collection walks. The same flags in a byte array (10 KB) read the
 * same: croner only reads an entry or the length once the pattern is parsed.
 */
function withCompactYears(cron: Cron): Cron {
  const pattern = (cron as unknown as { _states?: { pattern?: { year?: unknown } } })._states?.pattern;
  if (pattern && Array.isArray(pattern.year)) pattern.year = Uint8Array.from(pattern.year as number[]);
  return cron;
}

/** `cron "0 2 * * 1-5" (Europe/Berlin)`: what the UI shows for a schedule. */
export function describeSchedule(def: ScheduleTrigger): string {
  return `cron "${def.cron.trim()}" (${def.timezone ?? 'local time'})`;
}
