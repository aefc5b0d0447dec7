import { describe, expect, it } from 'vitest';
import { checkSchedule } from '../../src/shared/cron-check';

const message = (cron: string) => checkSchedule({ cron })?.message ?? null;

describe('checkSchedule: which field is wrong, in croner’s words, and the fix', () => {
  it('explains "5/15" (from 5, every 15 in most cron dialects) and offers what croner accepts', () => {
    const said = message('5/15 * * * *');
    expect(said).toContain('minute field "5/15"');
    expect(said).toContain("stepping with numeric prefix ('5/15') is not allowed");
    expect(said).toContain('write "5-59/15" (from 5, every 15) or "*/15"');
    // Never the field count: there are five fields.
    expect(said).not.toMatch(/5 fields|6 with seconds/);
    // The fixes it offers are accepted.
    expect(message('5-59/15 * * * *')).toBeNull();
    expect(message('*/15 * * * *')).toBeNull();
    expect(message('0 5/15 * * * *')).toContain('minute field "5/15"');
    expect(message('0 0 3/2 * * *')).toContain('write "3-23/2" (from 3, every 2)');
  });

  it("passes croner's reason on, naming the field, and blames the field count only when it is wrong", () => {
    expect(message('61 2 * * *')).toBe(
      '"61 2 * * *" is not a valid cron expression: minute field "61" is out of range: use 0-59',
    );
    // croner counts months from 0 ("Invalid value for month: 12" for a 13): the field's own value is shown instead.
    expect(message('0 2 * 13 *')).toContain('month field "13" is out of range: use 1-12 or JAN-DEC');
    expect(message('*/0 * * * *')).toContain('minute field "*/0" (illegal stepping: 0)');
    expect(message('0 2 *')).toMatch(
      /^"0 2 \*" is not a valid cron expression: it has 3 fields; use 5 fields/,
    );
    expect(message('0 2 * * * * *')).toMatch(/it has 7 fields/);
  });

  it('keeps parser talk out and says what the field takes', () => {
    const said = message('0 2 * * -1');
    expect(said).toBe(
      '"0 2 * * -1" is not a valid cron expression: weekday field "-1": use 0-7 (0 and 7 are Sunday) or SUN-SAT',
    );
  });

  it('accepts what croner runs', () => {
    for (const cron of ['0 2 * * 1-5', '*/10 * * * * *', '0 0 L * *', '0 12 * * MON-FRI', ' 0 2 * * * ']) {
      expect(message(cron)).toBeNull();
    }
  });
});

describe('checkSchedule: verdicts it keeps', () => {
  it('keeps a verdict per pattern and time zone, and stays right past the number it keeps', () => {
    expect(checkSchedule({ cron: '0 2 * * *', timezone: 'Europe/Berlin' })).toBeNull();
    expect(checkSchedule({ cron: '0 2 * * *', timezone: 'Mars/Olympus' })?.field).toBe('timezone');
    expect(checkSchedule({ cron: '0 2 * * *', timezone: 'Europe/Berlin' })).toBeNull();
    // More patterns than it keeps: the first ones are judged again, the same way.
    for (let minute = 0; minute < 60; minute++)
      for (const hour of [0, 6, 12, 18, 23]) expect(message(`${minute} ${hour} * * *`)).toBeNull();
    expect(message('61 2 * * *')).toContain('minute field "61" is out of range');
    expect(message('0 0 30 2 *')).toBe('"0 0 30 2 *" never matches a date (e.g. February 30th)');
    expect(message('0 0 30 2 *')).toBe('"0 0 30 2 *" never matches a date (e.g. February 30th)');
  });
});
