import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatMinutes, parseDuration } from '../../src/shared/format';

describe('format', () => {
  it.each([
    [400, '0.4 s'],
    [3000, '3 s'],
    [12_000, '12 s'],
    [245_000, '4 min 05 s'],
    [7_380_000, '2 h 03 min'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['10', 600_000],
    ['5 min', 300_000],
  ])('parseDuration(%s) = %d', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '-5m', '0s', '5d'])('parseDuration rejects %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );

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
