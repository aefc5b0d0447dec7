import { formatBytes, formatDuration, formatMinutes } from '../../../shared/format';
import type { RunResult } from '../../../shared/run-types';

/** What happened to a launched process, as facts; `describeOutcome` turns them into the run's verdict. */
export interface OutcomeFacts {
  ending: 'exited' | 'timed-out' | 'cancelled' | 'memory-limit';
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Startup window: a failing exit within it is a startup failure. */
  startupMs: number;
  successExitCodes: readonly number[];
  /** The effective timeout, in the minutes the user configured (0/absent already replaced by the default). */
  timeoutMinutes: number;
  /** The timeout was given for this run (`automation-hub run --timeout`), not taken from the job file. */
  timeoutForRun?: boolean;
  /** Last line of output, quoted in failure messages so the user sees the job's own words. */
  lastLine: string | null;
  /** Processes of the run still alive after its main process ended, which the hub stopped. */
  leftovers: number;
  /** Processes that could not be stopped (should never happen; reported loudly if it does). */
  survivors: number[];
  logError: string | null;
  cancelReason?: string;
  /** For 'memory-limit': what the run's processes used and what the job allowed. */
  memory?: { usedBytes: number; limitMB: number };
  /**
   * Windows refused the run's processes memory beyond `maxMemoryMB` (its Job Object's limit): the run fails, since
   * it needed more than it was allowed, whatever its exit code.
   */
  memoryRefused?: { limitMB: number; peakBytes: number | null };
  /** Other things the user should know (a priority that could not be set). */
  notes?: string[];
}

export type Verdict = Pick<RunResult, 'status' | 'success' | 'message'>;

/** The status rules plus messages a user can act on. Pure, so every row of the error table is testable. */
export function describeOutcome(facts: OutcomeFacts): Verdict {
  const verdict = decide(facts);
  const notes: string[] = [];
  if (facts.leftovers > 0) {
    notes.push(
      `${facts.leftovers} leftover process${facts.leftovers === 1 ? ' was' : 'es were'} still running after the job ended and ${facts.leftovers === 1 ? 'was' : 'were'} stopped`,
    );
  }
  if (facts.survivors.length > 0) {
    notes.push(
      `WARNING: process${facts.survivors.length === 1 ? '' : 'es'} ${facts.survivors.join(', ')} could not be stopped`,
    );
  }
  if (facts.memoryRefused && facts.ending !== 'exited') {
    notes.push(
      `its processes had reached process.maxMemoryMB (${facts.memoryRefused.limitMB}) and Windows refused them more memory`,
    );
  }
  if (facts.logError) notes.push(facts.logError);
  if (facts.notes) notes.push(...facts.notes);
  return notes.length === 0 ? verdict : { ...verdict, message: `${verdict.message}; ${notes.join('; ')}` };
}

function decide(facts: OutcomeFacts): Verdict {
  const after = formatDuration(facts.durationMs);
  if (facts.ending === 'timed-out') {
    const limit = formatDuration(facts.timeoutMinutes * 60_000);
    // Quote the setting as the user wrote it: the job file's minutes, or the duration given for this run.
    const setting = facts.timeoutForRun
      ? `timeout: ${limit}, given for this run`
      : `timeoutMinutes: ${formatMinutes(facts.timeoutMinutes)}`;
    return {
      status: 'TimedOut',
      success: false,
      message: `timed out after ${limit} (${setting}); the job and all its child processes were stopped`,
    };
  }
  if (facts.ending === 'memory-limit' && facts.memory) {
    return {
      status: 'Failed',
      success: false,
      message: `stopped after ${after}: its processes used ${formatBytes(facts.memory.usedBytes)}, more than process.maxMemoryMB (${facts.memory.limitMB}); the job and all its child processes were stopped`,
    };
  }
  if (facts.ending === 'cancelled') {
    const reason = facts.cancelReason ? ` (${facts.cancelReason})` : '';
    return {
      status: 'Cancelled',
      success: false,
      message: `cancelled after ${after}${reason}; the job and all its child processes were stopped`,
    };
  }
  if (facts.ending === 'exited' && facts.memoryRefused) {
    const { limitMB, peakBytes } = facts.memoryRefused;
    const peak = peakBytes !== null ? `, peak ${formatBytes(peakBytes)}` : '';
    const how =
      facts.exitCode !== null
        ? `exited with code ${facts.exitCode}`
        : `was ended by ${facts.signal ?? 'a signal'}`;
    return {
      status: 'Failed',
      success: false,
      message: `failed: its processes reached process.maxMemoryMB (${limitMB}${peak}) and Windows refused them more memory; it ${how} after ${after}`,
    };
  }
  if (facts.exitCode !== null && facts.successExitCodes.includes(facts.exitCode)) {
    return {
      status: 'CompletedSuccessfully',
      success: true,
      message: `completed in ${after} (exit code ${facts.exitCode})`,
    };
  }
  const during = facts.durationMs < facts.startupMs ? 'failed during startup: ' : 'failed: ';
  const how =
    facts.exitCode !== null
      ? `exited with code ${facts.exitCode}`
      : `was ended by ${facts.signal ?? 'an unknown signal'}`;
  const said = facts.lastLine ? `. Last output: ${facts.lastLine}` : '';
  return { status: 'Failed', success: false, message: `${during}${how} after ${after}${said}` };
}
