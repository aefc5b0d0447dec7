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
  const key = `${def.cron}\n${def.timezone ?? ''}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = judgeSchedule(def);
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Verdicts already reached, by pattern and time zone: a schedule is checked when its job file is read and again
 * when its trigger is compiled, and croner allocates 80 KB to parse a pattern. A verdict does not change with
 * time: a pattern without a year field that matches one date matches again in every later 400-year cycle.
 */
const verdicts = new Map<string, ScheduleProblem | null>();
const MAX_VERDICTS = 256;

function judgeSchedule(def: { cron: string; timezone?: string | undefined }): ScheduleProblem | null {
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
  const fields = pattern.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return {
      field: 'cron',
      message: `"${def.cron}" is not a valid cron expression: it has ${fields.length} field${fields.length === 1 ? '' : 's'}; ${CRON_HELP}`,
    };
  }
  let cron: Cron;
  try {
    // No function, so no timer. '5-or-6-parts' refuses croner's 7th (year) field, which other tools read differently.
    cron = new Cron(pattern, { timezone: def.timezone, mode: '5-or-6-parts' });
  } catch (error) {
    return {
      field: 'cron',
      message: `"${def.cron}" is not a valid cron expression: ${fieldProblem(fields, error)}`,
    };
  }
  // A pattern can be valid and still never match (February 30th): say so now rather than wait forever.
  if (cron.nextRun(new Date()) === null) {
    return { field: 'cron', message: `"${def.cron}" never matches a date (e.g. February 30th)` };
  }
  return null;
}

/** Each field's name and values, for 5 fields (minute first) or 6 (seconds first), as croner reads them. */
const FIELDS = [
  { name: 'seconds', values: '0-59', last: 59 },
  { name: 'minute', values: '0-59', last: 59 },
  { name: 'hour', values: '0-23', last: 23 },
  { name: 'day', values: '1-31 (or L for the last day)', last: 31 },
  { name: 'month', values: '1-12 or JAN-DEC', last: 12 },
  { name: 'weekday', values: '0-7 (0 and 7 are Sunday) or SUN-SAT', last: 7 },
];

/**
 * Which field is wrong, croner's own reason for it (unless it is parser talk such as "NaN"), and what that field
 * takes. Each field is tried alone (every other field `*`), so the message names the field at fault rather than
 * blaming the whole expression, or its number of fields.
 */
function fieldProblem(fields: string[], whole: unknown): string {
  const names = fields.length === 6 ? FIELDS : FIELDS.slice(1);
  for (let index = 0; index < fields.length; index++) {
    const alone = fields.map((field, at) => (at === index ? field : '*')).join(' ');
    let reason: string | null = null;
    try {
      new Cron(alone, { mode: '5-or-6-parts' });
    } catch (error) {
      reason = readableReason(error);
    }
    if (reason === null) continue;
    const { name, values, last } = names[index] as (typeof FIELDS)[number];
    const value = fields[index] as string;
    // croner's "Invalid value for month: 12" for a 13 counts months from 0: the field's own value says it right.
    const said = /^Invalid value for /.test(reason) ? ' is out of range' : reason ? ` (${reason})` : '';
    // "5/15": most cron dialects read it as "from 5, every 15"; croner wants a range or *.
    const step = /^(\d+)\/(\d+)$/.exec(value);
    const fix = step
      ? `write "${step[1]}-${last}/${step[2]}" (from ${step[1]}, every ${step[2]}) or "*/${step[2]}"`
      : `use ${values}`;
    const seconds =
      fields.length === 6 && index === 5
        ? '; with 6 fields the first is seconds, and there is no year field'
        : '';
    return `${name} field "${value}"${said}: ${fix}${seconds}`;
  }
  const reason = readableReason(whole);
  return reason ? `${reason}: ${CRON_HELP}` : CRON_HELP;
}

/**
 * croner's reason, as it says it ("Invalid value for minute: 61", "stepping with numeric prefix ('5/15') is not
 * allowed…"), without its "CronPattern: " prefix; empty when it is parser talk that names neither the field nor
 * the fix ("illegal lower range (NaN)"): the field and its values, which the message gives, do.
 */
function readableReason(error: unknown): string {
  const reason = errorText(error)
    .replace(/^CronPattern: /, '')
    .replace(/^Syntax error, /, '');
  return /NaN|undefined/.test(reason) ? '' : reason;
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
