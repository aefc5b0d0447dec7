import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntervalTrigger } from '../../../../src/main/core/triggers/interval';
import type { TriggerFire, TriggerSource } from '../../../../src/main/core/triggers/types';
import { waitFor } from '../../../helpers/wait-for';

const sources: TriggerSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

describe('createIntervalTrigger', () => {
  it('fires repeatedly, one period apart, the first one period after start', async () => {
    const fires: TriggerFire[] = [];
    const startedAt = Date.now();
    sources.push(
      createIntervalTrigger({ type: 'interval', everyMinutes: 0.005 }, (fire) => fires.push(fire)),
    );
    await waitFor(() => fires.length >= 3, { timeoutMs: 10_000 });

    expect(fires[0]?.trigger).toEqual({ kind: 'interval', detail: 'every 0.005 minutes' });
    const due = fires.map((fire) => Date.parse(fire.scheduledFor ?? ''));
    // Due times are computed, so they are exact multiples of the period whatever the timers did.
    expect(due.slice(1, 3).map((time, i) => time - (due[i] ?? 0))).toEqual([300, 300]);
    expect((due[0] ?? 0) - startedAt).toBeGreaterThanOrEqual(300);
  });

  it('reports the next due time, one period after start', () => {
    const now = new Date('2026-05-04T10:00:00Z');
    const source = createIntervalTrigger({ type: 'interval', everyMinutes: 90 }, () => {}, {
      now: () => now,
    });
    sources.push(source);
    expect(source.nextRun()?.toISOString()).toBe('2026-05-04T11:30:00.000Z');
    expect(source.description).toBe('every 90 minutes');
  });

  it('stops firing after stop()', async () => {
    const fires: TriggerFire[] = [];
    const source = createIntervalTrigger({ type: 'interval', everyMinutes: 0.002 }, (fire) =>
      fires.push(fire),
    );
    await waitFor(() => fires.length >= 1, { timeoutMs: 10_000 });
    await source.stop();
    const count = fires.length;
    await sleep(600);
    expect(fires.length).toBe(count);
    expect(source.nextRun()).toBeNull();
  });

  it('does not fire due times it overslept (the missed-run path owns them) and keeps its phase', async () => {
    let offsetMs = 0;
    const fires: TriggerFire[] = [];
    const onFire = (fire: TriggerFire) => {
      fires.push(fire);
      if (fires.length === 1) offsetMs = 3_600_000; // then the machine "sleeps" an hour
    };
    sources.push(
      createIntervalTrigger({ type: 'interval', everyMinutes: 0.005 }, onFire, {
        now: () => new Date(Date.now() + offsetMs),
      }),
    );
    await waitFor(() => fires.length >= 3, { timeoutMs: 10_000 });
    const firstDue = Date.parse(fires[0]?.scheduledFor ?? '');

    const later = fires.slice(1).map((fire) => Date.parse(fire.scheduledFor ?? ''));
    for (const time of later) {
      expect(time).toBeGreaterThan(firstDue + 3_600_000 - 1000); // nothing from inside the hour
      expect((time - firstDue) % 300).toBe(0); // same phase as before the jump
    }
  });

  it('does not wait out a backwards clock change', async () => {
    let offsetMs = 0;
    const fires: TriggerFire[] = [];
    sources.push(
      createIntervalTrigger({ type: 'interval', everyMinutes: 0.005 }, (fire) => fires.push(fire), {
        now: () => new Date(Date.now() + offsetMs),
      }),
    );
    offsetMs = -3_600_000;
    await waitFor(() => fires.length >= 2, { timeoutMs: 10_000 });
  });
});
