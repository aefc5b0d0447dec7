import { Cron } from 'croner';
import type { ScheduleTrigger } from '../../../shared/job-schema';
import { HubError } from '../errors';

const CRON_HELP =
  'use 5 fields "minute hour day month weekday" like "0 2 * * 1-5", or 6 with seconds first like "*/10 * * * * *"';

/**
 * Checks a schedule trigger and returns an unscheduled croner job (no timer) for computing run times. Shared by
 * the live trigger and missedRunTimes so that both read a pattern the same way. `field` is the trigger's place
 * in the job file (`triggers[2]`), so errors read `triggers[2].cron: …`.
 */
export function compileSchedule(def: ScheduleTrigger, field = 'trigger'): Cron {
  const pattern = def.cron.trim();
  // croner reads any string with a ':' as a one-off date ("2030-01-01T00:00"), which would run once and never
  // again: a job file asking for that almost certainly meant something else.
  if (pattern.includes(':')) {
    throw new HubError('invalid-trigger', `"${def.cron}" is a date, not a cron expression: ${CRON_HELP}`, {
      field: `${field}.cron`,
    });
  }
  if (def.timezone !== undefined && !isTimeZone(def.timezone)) {
    throw new HubError(
      'invalid-trigger',
      `unknown time zone "${def.timezone}": use an IANA name like "Europe/Berlin", or remove it for the machine's`,
      { field: `${field}.timezone` },
    );
  }
  let cron: Cron;
  try {
    // No function, so no timer yet. '5-or-6-parts' refuses croner's 7th (year) field, which other cron tools
    // read differently.
    cron = new Cron(pattern, { timezone: def.timezone, mode: '5-or-6-parts' });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
    throw new HubError(
      'invalid-trigger',
      `"${def.cron}" is not a valid cron expression (${reason}): ${CRON_HELP}`,
      {
        field: `${field}.cron`,
        cause: error,
      },
    );
  }
  // A pattern can be valid and still never match (February 30th): say so now rather than wait forever.
  if (cron.nextRun(new Date()) === null) {
    throw new HubError('invalid-trigger', `"${def.cron}" never matches a date (e.g. February 30th)`, {
      field: `${field}.cron`,
    });
  }
  return cron;
}

/** Intl knows exactly the zones croner can use (croner converts through Intl.DateTimeFormat too). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `cron "0 2 * * 1-5" (Europe/Berlin)`: what the UI shows for a schedule. */
export function describeSchedule(def: ScheduleTrigger): string {
  return `cron "${def.cron.trim()}" (${def.timezone ?? 'local time'})`;
}
