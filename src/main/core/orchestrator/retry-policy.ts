import type { RetrySettings } from '../../../shared/job-schema';
import type { RunResult } from '../../../shared/run-types';

/** Retries failed runs (and timed-out ones when `onTimeout`), never cancelled, skipped or successful ones. */
export function shouldRetry(retry: RetrySettings | undefined, result: RunResult, attempt: number): boolean {
  if (!retry || attempt > retry.attempts) return false;
  if (result.status === 'Failed') return true;
  return result.status === 'TimedOut' && retry.onTimeout;
}

/** Delay before the retry that follows `attempt`: delaySeconds × backoffFactor^(attempt − 1). */
export function nextRetryDelayMs(retry: RetrySettings | undefined, attempt: number): number {
  if (!retry) return 0;
  return retry.delaySeconds * 1000 * retry.backoffFactor ** (attempt - 1);
}
