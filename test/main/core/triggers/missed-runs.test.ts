import { describe, expect, it } from 'vitest';
import { decideMissed, missedRunTimes } from '../../../../src/main/core/triggers/missed-runs';
import type { IntervalTrigger, ScheduleTrigger } from '../../../../src/shared/job-schema';

const schedule = (cron: string, timezone?: string): ScheduleTrigger => ({ type: 'schedule', cron, timezone });
const interval = (everyMinutes: number): IntervalTrigger => ({ type: 'interval', everyMinutes });
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('missedRunTimes for a cron schedule', () => {
  it('lists the due times in (from, to], oldest first', () => {
    const times = missedRunTimes(
      schedule('0 * * * *', 'UTC'),
      new Date('2026-05-04T10:30:00Z'),
      new Date('2026-05-04T13:00:00Z'),
    );
    expect(iso(times)).toEqual([
      '2026-05-04T11:00:00.000Z',
      '2026-05-04T12:00:00.000Z',
      '2026-05-04T13:00:00.000Z',
    ]);
  });

  it('excludes a run exactly at `from` (it was not missed) and includes one exactly at `to`', () => {
    const times = missedRunTimes(
      schedule('0 * * * *', 'UTC'),
      new Date('2026-05-04T11:00:00Z'),
      new Date('2026-05-04T12:00:00Z'),
    );
    expect(iso(times)).toEqual(['2026-05-04T12:00:00.000Z']);
  });

  it('reads 6-field patterns as seconds first', () => {
    const times = missedRunTimes(
      schedule('*/20 * * * * *', 'UTC'),
      new Date('2026-05-04T10:00:00Z'),
      new Date('2026-05-04T10:01:00Z'),
    );
    expect(iso(times)).toEqual([
      '2026-05-04T10:00:20.000Z',
      '2026-05-04T10:00:40.000Z',
      '2026-05-04T10:01:00.000Z',
    ]);
  });

  it('returns the latest `limit` times when more were missed', () => {
    const times = missedRunTimes(
      schedule('* * * * * *', 'UTC'),
      new Date('2026-05-04T00:00:00Z'),
      new Date('2026-05-11T00:00:00Z'),
      3,
    );
    expect(iso(times)).toEqual([
      '2026-05-10T23:59:58.000Z',
      '2026-05-10T23:59:59.000Z',
      '2026-05-11T00:00:00.000Z',
    ]);
  });

  it('follows DST in the given zone: 02:30 Berlin does not exist on 2026-03-29 and runs at 03:00 CEST instead', () => {
    const times = missedRunTimes(
      schedule('30 2 * * *', 'Europe/Berlin'),
      new Date('2026-03-27T12:00:00Z'),
      new Date('2026-03-30T12:00:00Z'),
    );
    expect(iso(times)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET (UTC+1)
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: the first valid time after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST (UTC+2)
    ]);
  });

  it('runs an every-30-minutes schedule on both passes of the repeated hour when Berlin falls back', () => {
    const times = missedRunTimes(
      schedule('*/30 * * * *', 'Europe/Berlin'),
      new Date('2026-10-25T00:00:00Z'), // 02:00 CEST
      new Date('2026-10-25T02:00:00Z'), // 03:00 CET
    );
    // 02:30 CEST, 02:00 CET, 02:30 CET, 03:00 CET
    expect(iso(times)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('is empty when `to` is not after `from`, or nothing was due', () => {
    const at = new Date('2026-05-04T10:00:00Z');
    expect(missedRunTimes(schedule('* * * * *'), at, at)).toEqual([]);
    expect(missedRunTimes(schedule('0 3 * * *', 'UTC'), at, new Date('2026-05-04T11:00:00Z'))).toEqual([]);
  });

  it('throws the same HubError as the live trigger for a bad pattern', () => {
    expect(() => missedRunTimes(schedule('nope'), new Date(0), new Date())).toThrow(/not a valid cron/);
  });
});

describe('missedRunTimes for an interval', () => {
  it('counts whole periods after `from` up to and including `to`', () => {
    const times = missedRunTimes(
      interval(15),
      new Date('2026-05-04T10:00:00Z'),
      new Date('2026-05-04T11:00:00Z'),
    );
    expect(iso(times)).toEqual([
      '2026-05-04T10:15:00.000Z',
      '2026-05-04T10:30:00.000Z',
      '2026-05-04T10:45:00.000Z',
      '2026-05-04T11:00:00.000Z',
    ]);
  });

  it('keeps the phase of an anchor (the last fire) when one is given', () => {
    const times = missedRunTimes(
      interval(60),
      new Date('2026-05-04T10:50:00Z'), // last known alive
      new Date('2026-05-04T13:20:00Z'),
      1000,
      new Date('2026-05-04T10:00:00Z'), // last fire
    );
    expect(iso(times)).toEqual([
      '2026-05-04T11:00:00.000Z',
      '2026-05-04T12:00:00.000Z',
      '2026-05-04T13:00:00.000Z',
    ]);
  });

  it('uses whole milliseconds for decimal minutes and keeps only the latest `limit`', () => {
    const from = new Date('2026-05-04T10:00:00Z');
    const times = missedRunTimes(interval(0.005), from, new Date(from.getTime() + 3000), 2);
    expect(times.map((time) => time.getTime() - from.getTime())).toEqual([2700, 3000]);
  });
});

describe('decideMissed', () => {
  const missed = [
    new Date('2026-05-04T11:00:00Z'),
    new Date('2026-05-04T13:00:00Z'),
    new Date('2026-05-04T12:00:00Z'),
  ];

  it('runOnce runs once, for the latest missed time', () => {
    expect(decideMissed('runOnce', missed)?.toISOString()).toBe('2026-05-04T13:00:00.000Z');
  });

  it('skip runs nothing, and nothing missed runs nothing', () => {
    expect(decideMissed('skip', missed)).toBeNull();
    expect(decideMissed('runOnce', [])).toBeNull();
  });
});
