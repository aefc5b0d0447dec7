import { Cron } from 'croner';
import { errorText } from './error-text';

const CRON_HELP =
  'use 5 fields "minute hour day month weekday" like "0 2 * * 1-5", or 6 with seconds first like "*/10 * * * * *"';

/** What is wrong with a schedule, and in which of its fields; null when croner can run it. */
export interface ScheduleProblem {
  field: 'cron' | 'timezone';
  message: string;
}

/**
 * Checks a schedule the way the live trigger will read it (croner, 5 or 6 fields), so that a bad cron
 * expression is an error in the job file — reported by `validate`, the job list and the drop preview — rather
 * than a surprise when the schedule starts. Pure: it runs in the window too.
 */
export function checkSchedule(def: { cron: string; timezone?: string | undefined }): ScheduleProblem | null {
  const pattern = def.cron.trim();
  // croner reads any string with a ':' as a one-off date ("2030-01-01T00:00"), which would run once and never
  // again: a job file asking for that almost certainly meant something else.
  if (pattern.includes(':'))
    return { field: 'cron', message: `"${def.cron}" is a date, not a cron expression: ${CRON_HELP}` };
  if (def.timezone !== undefined && !isTimeZone(def.timezone)) {
    return {
      field: 'timezone',
      message: `unknown time zone "${def.timezone}": use an IANA name like "Europe/Berlin", or remove it for the machine's`,
    };
  }
  let cron: Cron;
  try {
    // No function, so no timer. '5-or-6-parts' refuses croner's 7th (year) field, which other tools read differently.
    cron = new Cron(pattern, { timezone: def.timezone, mode: '5-or-6-parts' });
  } catch (error) {
    return {
      field: 'cron',
      message: `"${def.cron}" is not a valid cron expression${readableReason(error)}: ${CRON_HELP}`,
    };
  }
  // A pattern can be valid and still never match (February 30th): say so now rather than wait forever.
  if (cron.nextRun(new Date()) === null) {
    return { field: 'cron', message: `"${def.cron}" never matches a date (e.g. February 30th)` };
  }
  return null;
}

/**
 * croner's reason when it helps a user, nothing when it is parser talk: "illegal lower range (NaN)" names
 * neither the field nor the fix, and the help that follows the message does.
 */
function readableReason(error: unknown): string {
  const reason = errorText(error).replace(/^CronPattern: /, '');
  return /NaN|undefined|Syntax error/i.test(reason) ? '' : ` (${reason})`;
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
