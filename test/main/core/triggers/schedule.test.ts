import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { createScheduleTrigger } from '../../../../src/main/core/triggers/schedule';
import type { TriggerFire, TriggerSource } from '../../../../src/main/core/triggers/types';
import { waitFor } from '../../../helpers/wait-for';

const sources: TriggerSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

describe('createScheduleTrigger', () => {
  it('fires a seconds cron repeatedly, with the due second as scheduledFor', async () => {
    const fires: TriggerFire[] = [];
    sources.push(
      createScheduleTrigger({ type: 'schedule', cron: '*/1 * * * * *' }, (fire) => fires.push(fire)),
    );
    await waitFor(() => fires.length >= 2, { timeoutMs: 10_000 });

    expect(fires[0]?.trigger).toEqual({ kind: 'schedule', detail: '*/1 * * * * *' });
    const due = fires.map((fire) => Date.parse(fire.scheduledFor ?? ''));
    for (const time of due) expect(time % 1000).toBe(0);
    expect(due[1]).toBeGreaterThan(due[0] ?? Number.POSITIVE_INFINITY);
  });

  it('stops firing after stop()', async () => {
    const fires: TriggerFire[] = [];
    const source = createScheduleTrigger({ type: 'schedule', cron: '* * * * * *' }, (fire) =>
      fires.push(fire),
    );
    await waitFor(() => fires.length >= 1, { timeoutMs: 10_000 });
    await source.stop();
    const count = fires.length;
    await sleep(2500);
    expect(fires.length).toBe(count);
    expect(source.nextRun()).toBeNull();
  });

  it('keeps firing when the handler throws, and reports the error', async () => {
    const errors: string[] = [];
    let calls = 0;
    sources.push(
      createScheduleTrigger(
        { type: 'schedule', cron: '* * * * * *' },
        () => {
          calls++;
          throw new Error('boom');
        },
        { onError: (message) => errors.push(message) },
      ),
    );
    await waitFor(() => calls >= 2, { timeoutMs: 10_000 });
    expect(errors[0]).toContain('boom');
  });

  /** A trigger firing every second on a wall clock the test can set: `clock.offsetMs` from the real one. */
  function everySecond(): { fires: TriggerFire[]; clock: { offsetMs: number } } {
    const clock = { offsetMs: 0 };
    const fires: TriggerFire[] = [];
    sources.push(
      createScheduleTrigger({ type: 'schedule', cron: '* * * * * *' }, (fire) => fires.push(fire), {
        now: () => new Date(Date.now() + clock.offsetMs),
      }),
    );
    return { fires, clock };
  }

  it('leaves a due time it overslept to the missed-run path instead of firing it late', async () => {
    // The wall clock jumps an hour ahead after the trigger planned its next second: the trigger still wakes for
    // that second, an hour late, which must not become a fire.
    const { fires, clock } = everySecond();
    clock.offsetMs = 3_600_000;
    await waitFor(() => fires.length >= 2, { timeoutMs: 10_000 });
    const jumpedAt = Date.now() + clock.offsetMs - 5_000;
    for (const fire of fires) expect(Date.parse(fire.scheduledFor ?? '')).toBeGreaterThan(jumpedAt);
  });

  it('does not run a time that already ran again when the wall clock is set back', async () => {
    const { fires, clock } = everySecond();
    await waitFor(() => fires.length >= 2, { timeoutMs: 10_000 });
    clock.offsetMs = -3_000;
    const before = fires.length;
    await waitFor(() => fires.length >= before + 2, { timeoutMs: 15_000 });
    const due = fires.map((fire) => Date.parse(fire.scheduledFor ?? ''));
    for (let i = 1; i < due.length; i++)
      expect(due[i]).toBeGreaterThan(due[i - 1] ?? Number.POSITIVE_INFINITY);
  });

  it('computes nextRun across the spring DST gap in the given zone', () => {
    const before = new Date('2026-03-28T12:00:00Z');
    for (const cron of ['30 2 * * *', '0 30 2 * * *']) {
      const source = createScheduleTrigger({ type: 'schedule', cron, timezone: 'Europe/Berlin' }, () => {}, {
        now: () => before,
      });
      sources.push(source);
      // 02:30 does not exist on 2026-03-29 in Berlin (clocks go 02:00 CET → 03:00 CEST): runs at 03:00 CEST.
      expect(source.nextRun()?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    }
    const after = createScheduleTrigger(
      { type: 'schedule', cron: '30 2 * * *', timezone: 'Europe/Berlin' },
      () => {},
      { now: () => new Date('2026-03-29T01:00:00Z') },
    );
    sources.push(after);
    expect(after.nextRun()?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it('describes itself with its pattern and zone', () => {
    const source = createScheduleTrigger(
      { type: 'schedule', cron: '0 2 * * 1-5', timezone: 'Europe/Berlin' },
      () => {},
    );
    sources.push(source);
    expect(source.description).toBe('cron "0 2 * * 1-5" (Europe/Berlin)');
  });
});

describe('createScheduleTrigger rejects what it cannot run', () => {
  const attempt = (cron: string, timezone?: string): HubError => {
    try {
      sources.push(
        createScheduleTrigger({ type: 'schedule', cron, timezone }, () => {}, { field: 'triggers[2]' }),
      );
    } catch (error) {
      if (error instanceof HubError) return error;
      throw error;
    }
    throw new Error(`"${cron}" was accepted`);
  };

  it.each([
    ['every day at 2', /not a valid cron expression/],
    ['61 * * * *', /not a valid cron expression: minute field "61" is out of range: use 0-59/],
    ['* * * *', /not a valid cron expression/],
    ['0 0 2 * * * 2030', /not a valid cron expression/],
    ['2030-01-01T02:00:00', /is a date, not a cron expression/],
    ['0 0 30 2 *', /never matches/],
  ])('"%s"', (cron, message) => {
    const error = attempt(cron);
    expect(error.code).toBe('invalid-trigger');
    expect(error.field).toBe('triggers[2].cron');
    expect(error.message).toMatch(message);
    expect(error.toString()).toMatch(/^triggers\[2\]\.cron: /);
  });

  it('an unknown time zone, naming the field and the fix', () => {
    const error = attempt('0 2 * * *', 'Mars/Olympus_Mons');
    expect(error.code).toBe('invalid-trigger');
    expect(error.field).toBe('triggers[2].timezone');
    expect(error.message).toBe(
      'unknown time zone "Mars/Olympus_Mons": use an IANA name like "Europe/Berlin", or remove it for the machine\'s',
    );
  });
});
