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
  return new Cron(def.cron.trim(), { timezone: def.timezone, mode: '5-or-6-parts' });
}

/** `cron "0 2 * * 1-5" (Europe/Berlin)`: what the UI shows for a schedule. */
export function describeSchedule(def: ScheduleTrigger): string {
  return `cron "${def.cron.trim()}" (${def.timezone ?? 'local time'})`;
}
