import { formatDuration } from '../../shared/format';
import type { HubEvent } from '../../shared/hub-api';
import { describeRunTrigger } from '../../shared/run-trigger-words';
import type { RunResult } from '../../shared/run-types';

/** ✓ ✗ ⏱ ⊘ ↯ – : one glyph per outcome, so a scrolling daemon log can be scanned by eye. */
const MARKS: Record<RunResult['status'], string> = {
  CompletedSuccessfully: '✓',
  Failed: '✗',
  TimedOut: '⏱',
  Cancelled: '⊘',
  Interrupted: '↯',
  Skipped: '–',
};

/**
 * A run's status as the command line shows it: `40% Copying files` for `::progress 40 Copying files`, `40%` for a
 * bare `::progress 40` (whose message the hub sets to "40%"), the message alone for `::status`; '' for none.
 */
export function statusText(message: string, progress: number | null): string {
  if (progress === null) return message.trim();
  const percent = `${progress}%`;
  return message.trim() === '' || message.trim() === percent ? percent : `${percent} ${message.trim()}`;
}

/** The daemon's one line per event, or null for events it does not print (live output, library refreshes). */
export function formatEventLine(event: HubEvent, now: Date = new Date()): string | null {
  const time = now.toTimeString().slice(0, 8);
  switch (event.type) {
    case 'run-started': {
      const { run } = event;
      const attempt = run.attempt > 1 ? `, attempt ${run.attempt}` : '';
      return `${time} ▶ ${run.jobName} started (${describeRunTrigger(run.trigger)}, pid ${run.pid ?? '?'}, run ${run.runId.slice(0, 8)}${attempt})`;
    }
    case 'run-finished': {
      const { result } = event;
      return `${time} ${MARKS[result.status]} ${result.jobName}: ${result.message}${result.logPath ? ` — log: ${result.logPath}` : ''}`;
    }
    case 'run-stuck': {
      const why =
        event.reason === 'silent'
          ? `no output for ${formatDuration(event.thresholdMinutes * 60_000)}`
          : `running for more than ${formatDuration(event.thresholdMinutes * 60_000)}`;
      return `${time} ⚠ ${event.run.jobName} may be stuck: ${why} (run ${event.run.runId.slice(0, 8)}, pid ${event.run.pid ?? '?'})`;
    }
    case 'run-skipped':
      return `${time} – ${event.jobName} (${describeRunTrigger(event.trigger)}): ${event.reason}`;
    case 'run-retrying':
      return `${time} ⟳ ${event.jobName}: retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt} of ${event.attempts})`;
    case 'run-queued':
      return `${time} … ${event.jobName} is waiting for a free slot (${describeRunTrigger(event.trigger)})`;
    case 'notice':
      return `${time} [${event.notice.level}] ${event.notice.message}`;
    case 'triggers-paused':
      return `${time} triggers ${event.paused ? 'paused' : 'resumed'}`;
    default:
      return null;
  }
}
