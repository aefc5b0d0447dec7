import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatMinutes,
  lacksUnit,
  parseDuration,
} from '../../src/shared/format';

describe('format', () => {
  it.each([
    [400, '0.4 s'],
    [3000, '3.0 s'],
    [12_000, '12.0 s'],
    [12_340, '12.3 s'],
    [59_940, '59.9 s'],
    [59_960, '1 min 00 s'],
    [245_000, '4 min 05 s'],
    [7_380_000, '2 h 03 min'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  // A run that ended at once must not read "after 0 s": durations under a minute keep their tenths.
  it.each([
    [30, '0.03 s'],
    [4, '0.01 s'],
    [50, '0.1 s'],
    [0, '0.0 s'],
  ])('formatDuration(%d) = %s: a short run never says "0 s"', (ms, text) =>
    expect(formatDuration(ms)).toBe(text),
  );

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['5 min', 300_000],
  ])('parseDuration(%s) = %d', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '-5m', '0s', '5d', '10', '2', '1.5'])('parseDuration rejects %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );

  it('tells a number without a unit from other mistakes', () => {
    expect(lacksUnit('2')).toBe(true);
    expect(lacksUnit(' 1.5 ')).toBe(true);
    expect(lacksUnit('2s')).toBe(false);
    expect(lacksUnit('soon')).toBe(false);
  });

  it('formats minutes and bytes for messages', () => {
    expect(formatMinutes(0.05)).toBe('0.05');
    expect(formatMinutes(30)).toBe('30');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});

describe('accountingText', () => {
  it('words what a contained run used, and nothing for a run without accounting', async () => {
    const { accountingText } = await import('../../src/shared/run-accounting');
    expect(accountingText({ cpuMs: 1234, peakMemoryBytes: 45 * 1024 * 1024, processesStarted: 3 })).toBe(
      'CPU 1.2 s · peak 45.0 MB · 3 processes',
    );
    expect(accountingText({ processesStarted: 1 })).toBe('1 process');
    expect(accountingText({})).toBeNull();
  });
});
