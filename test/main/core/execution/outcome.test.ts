import { describe, expect, it } from 'vitest';
import { describeOutcome, type OutcomeFacts } from '../../../../src/main/core/execution/outcome';

const facts = (over: Partial<OutcomeFacts>): OutcomeFacts => ({
  ending: 'exited',
  exitCode: 0,
  signal: null,
  durationMs: 12_000,
  startupMs: 5000,
  successExitCodes: [0],
  timeoutMinutes: 60,
  lastLine: null,
  leftovers: 0,
  survivors: [],
  logError: null,
  ...over,
});

describe('describeOutcome', () => {
  it('succeeds on a success exit code', () => {
    expect(describeOutcome(facts({}))).toEqual({
      status: 'CompletedSuccessfully',
      success: true,
      message: 'completed in 12.0 s (exit code 0)',
    });
    expect(describeOutcome(facts({ exitCode: 3, successExitCodes: [0, 1, 2, 3] })).success).toBe(true);
  });

  it('tells a startup failure from a later failure and quotes the last output line', () => {
    const early = describeOutcome(facts({ exitCode: 2, durationMs: 400, lastLine: 'cannot open data.txt' }));
    expect(early).toEqual({
      status: 'Failed',
      success: false,
      message: 'failed during startup: exited with code 2 after 0.4 s. Last output: cannot open data.txt',
    });
    expect(describeOutcome(facts({ exitCode: 2 })).message).toBe('failed: exited with code 2 after 12.0 s');
  });

  it('names a signal that ended the job', () => {
    expect(describeOutcome(facts({ exitCode: null, signal: 'SIGKILL' })).message).toBe(
      'failed: was ended by SIGKILL after 12.0 s',
    );
  });

  it('says how long the timeout was, in the words of the setting', () => {
    expect(
      describeOutcome(
        facts({ ending: 'timed-out', timeoutMinutes: 0.05, exitCode: null, signal: 'SIGTERM' }),
      ),
    ).toEqual({
      status: 'TimedOut',
      success: false,
      message:
        'timed out after 3.0 s (timeoutMinutes: 0.05); the job and all its child processes were stopped',
    });
  });

  it('quotes a timeout given for the run as a duration, not as a fraction of a minute', () => {
    const verdict = describeOutcome(
      facts({ ending: 'timed-out', timeoutMinutes: 2 / 60, timeoutForRun: true, exitCode: null }),
    );
    expect(verdict.message).toBe(
      'timed out after 2.0 s (timeout: 2.0 s, given for this run); the job and all its child processes were stopped',
    );
  });

  it('reports cancellation with its reason', () => {
    const verdict = describeOutcome(
      facts({ ending: 'cancelled', cancelReason: 'SIGINT received', durationMs: 1500 }),
    );
    expect(verdict.status).toBe('Cancelled');
    expect(verdict.message).toBe(
      'cancelled after 1.5 s (SIGINT received); the job and all its child processes were stopped',
    );
  });

  it('appends leftovers, survivors and log problems', () => {
    const message = describeOutcome(
      facts({ leftovers: 2, survivors: [42], logError: 'the log file x could not be written' }),
    ).message;
    expect(message).toContain('2 leftover processes were still running after the job ended and were stopped');
    expect(message).toContain('WARNING: process 42 could not be stopped');
    expect(message).toContain('the log file x could not be written');
  });
});
