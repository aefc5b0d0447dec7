import { describe, expect, it } from 'vitest';
import { formatEventLine, statusText } from '../../../src/main/cli/event-lines';
import { describeRunTrigger } from '../../../src/shared/run-trigger-words';
import type { RunningJobInfo, RunResult } from '../../../src/shared/run-types';

const at = new Date(2026, 10, 29, 14, 5, 9);
const run: RunningJobInfo = {
  runId: '1f2e3d4c-0000-0000-0000-000000000000',
  jobName: 'Nightly export',
  pid: 4242,
  startTime: at.toISOString(),
  phase: 'starting',
  statusMessage: '',
  lastStatusUpdate: at.toISOString(),
  lastOutputTime: at.toISOString(),
  progress: null,
  logPath: null,
  trigger: { kind: 'schedule', detail: '0 2 * * *' },
  attempt: 1,
  firstRunId: '1f2e3d4c-0000-0000-0000-000000000000',
  timeoutMs: 60_000,
};

describe('daemon event lines', () => {
  it('prints a start, a finish with its log and a stuck warning', () => {
    expect(formatEventLine({ type: 'run-started', run }, at)).toBe(
      '14:05:09 ▶ Nightly export started (schedule "0 2 * * *", pid 4242, run 1f2e3d4c)',
    );
    const result = {
      jobName: 'Nightly export',
      status: 'Failed',
      message: 'failed: exited with code 2 after 3 s',
      logPath: '/logs/x.log',
    } as RunResult;
    expect(formatEventLine({ type: 'run-finished', result }, at)).toBe(
      '14:05:09 ✗ Nightly export: failed: exited with code 2 after 3 s — log: /logs/x.log',
    );
    expect(formatEventLine({ type: 'run-stuck', run, reason: 'silent', thresholdMinutes: 10 }, at)).toBe(
      '14:05:09 ⚠ Nightly export may be stuck: no output for 10 min 00 s (run 1f2e3d4c, pid 4242)',
    );
  });

  it('says nothing for live output and library refreshes', () => {
    expect(formatEventLine({ type: 'run-output', runId: 'x', text: 'hello' }, at)).toBeNull();
    expect(formatEventLine({ type: 'library-changed' }, at)).toBeNull();
  });

  it('describes every kind of trigger', () => {
    expect(describeRunTrigger({ kind: 'file', detail: 'C:/inbox/a.csv' })).toBe('file C:/inbox/a.csv');
    expect(describeRunTrigger({ kind: 'missed', detail: '2026-11-29T02:00:00.000Z' })).toBe(
      'missed run of 2026-11-29T02:00:00.000Z',
    );
    expect(describeRunTrigger({ kind: 'manual' })).toBe('by hand');
    expect(describeRunTrigger({ kind: 'cli', detail: '/jobs/a.json' })).toBe('automation-hub run');
  });

  it('shows a status with its progress once: "40%" for a bare ::progress 40, never "40% 40%"', () => {
    expect(statusText('Copying files', 40)).toBe('40% Copying files');
    expect(statusText('40%', 40)).toBe('40%');
    expect(statusText('', 40)).toBe('40%');
    expect(statusText('Reading input', null)).toBe('Reading input');
    expect(statusText('', null)).toBe('');
  });
});
