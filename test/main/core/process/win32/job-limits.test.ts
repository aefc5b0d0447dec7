import { describe, expect, it } from 'vitest';
import {
  creationTimeToken,
  fileTimeToDate,
  hundredNanosToMs,
} from '../../../../../src/main/core/process/win32/filetime';
import { JobLimit } from '../../../../../src/main/core/process/win32/job-layout';
import {
  PRIORITY_CLASSES,
  runJobLimits,
  withoutPriority,
} from '../../../../../src/main/core/process/win32/job-limits';
import { processPriorities } from '../../../../../src/shared/job-schema';

describe('a run job’s limits', () => {
  it('always ends the run with the hub (kill on job close), and sets nothing else by default', () => {
    expect(runJobLimits({})).toEqual({
      limitFlags: JobLimit.KILL_ON_JOB_CLOSE,
      priorityClass: 0,
      jobMemoryLimit: 0n,
    });
    expect(runJobLimits({ priority: 'normal' })).toEqual(runJobLimits({}));
  });

  it('gives every priority but normal to the whole job as its priority class', () => {
    expect(runJobLimits({ priority: 'belowNormal' })).toEqual({
      limitFlags: JobLimit.KILL_ON_JOB_CLOSE | JobLimit.PRIORITY_CLASS,
      priorityClass: 0x4000,
      jobMemoryLimit: 0n,
    });
    // The same classes libuv's os.setPriority picks for PRIORITY_LOW … PRIORITY_HIGH.
    expect(PRIORITY_CLASSES).toEqual({
      low: 0x40,
      belowNormal: 0x4000,
      normal: 0x20,
      aboveNormal: 0x8000,
      high: 0x80,
    });
    expect(Object.keys(PRIORITY_CLASSES).sort()).toEqual([...processPriorities].sort());
  });

  it('turns maxMemoryMB into a job-wide memory limit in bytes', () => {
    const limits = runJobLimits({ maxMemoryMB: 512, priority: 'high' });
    expect(limits.limitFlags).toBe(
      JobLimit.KILL_ON_JOB_CLOSE | JobLimit.PRIORITY_CLASS | JobLimit.JOB_MEMORY,
    );
    expect(limits.jobMemoryLimit).toBe(536_870_912n);
    expect(runJobLimits({ maxMemoryMB: 1_048_576 }).jobMemoryLimit).toBe(1n << 40n);
  });

  it('drops only the priority when Windows refuses it', () => {
    const limits = withoutPriority(runJobLimits({ maxMemoryMB: 64, priority: 'high' }));
    expect(limits).toEqual({
      limitFlags: JobLimit.KILL_ON_JOB_CLOSE | JobLimit.JOB_MEMORY,
      priorityClass: 0,
      jobMemoryLimit: 67_108_864n,
    });
  });
});

describe('FILETIME', () => {
  it('gives the creation time as .NET UTC ticks, the token earlier versions stored', () => {
    // 2026-01-02T03:04:05.678Z as a FILETIME, and as DateTime.Ticks ((Unix ms + 62135596800000) × 10000).
    const fileTime = 134_117_966_456_780_000n;
    expect(fileTimeToDate(fileTime).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(creationTimeToken(fileTime)).toBe('639029198456780000');
    // Sub-millisecond digits survive: two processes started 100 ns apart differ.
    expect(creationTimeToken(fileTime + 1n)).not.toBe(creationTimeToken(fileTime));
  });

  it('converts 100 ns CPU times to whole milliseconds', () => {
    expect(hundredNanosToMs(12_345_678n)).toBe(1234);
    expect(hundredNanosToMs(0n)).toBe(0);
  });
});
