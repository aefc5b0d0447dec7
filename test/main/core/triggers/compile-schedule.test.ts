import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../../../../src/main/core/triggers/compile-schedule';
import { gc } from '../../../helpers/gc';

const PATTERNS = [
  '0 2 * * 1-5',
  '*/15 * * * *',
  '30 0 1 1 *',
  '0 0 29 2 *',
  '15 3 L * *',
  '0 12 * * 5#2',
  '*/10 * * * * *',
];

describe('a compiled schedule', () => {
  it('gives the run times croner gives for the same pattern, in any time zone', () => {
    const from = new Date('2026-03-28T12:00:00Z');
    for (const cron of PATTERNS) {
      for (const timezone of [undefined, 'Europe/Berlin', 'America/New_York']) {
        const compiled = compileSchedule({ type: 'schedule', cron, ...(timezone ? { timezone } : {}) });
        const plain = new Cron(cron, { timezone, mode: '5-or-6-parts' });
        expect(compiled.nextRuns(12, from)).toEqual(plain.nextRuns(12, from));
        expect(compiled.previousRuns(12, from)).toEqual(plain.previousRuns(12, from));
      }
    }
  });

  it('is small: fifty of them hold well under a megabyte', () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: 50 }, (_, i) =>
      compileSchedule({ type: 'schedule', cron: `${i % 60} 0 1 1 *` }),
    );
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(50);
    // Croner's own pattern keeps 80 KB of year flags each: 4 MB for fifty.
    expect(held).toBeLessThan(1024 * 1024);
  });
});
