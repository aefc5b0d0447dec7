import { formatDuration } from '../shared/format';
import type { RunResult, RunTrigger } from '../shared/run-types';

export type FinishedStatus = RunResult['status'];

/** Words for each way a run can end, as the icons' labels and the history filter say them. */
export const statusLabels: Record<FinishedStatus, string> = {
  CompletedSuccessfully: 'Succeeded',
  Failed: 'Failed',
  TimedOut: 'Timed out',
  Cancelled: 'Cancelled',
  Interrupted: 'Interrupted',
  Skipped: 'Skipped',
};

function lastPart(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** What started a run, in a few words: "by hand", "schedule 0 2 * * *", "file report.csv". */
export function triggerLabel(trigger: RunTrigger): string {
  const detail = trigger.detail;
  switch (trigger.kind) {
    case 'manual':
      return 'by hand';
    case 'cli':
      return 'from the command line';
    case 'schedule':
      return detail ? `schedule ${detail}` : 'schedule';
    case 'interval':
      return detail ? `interval ${detail}` : 'interval';
    case 'file':
      return detail ? `file ${lastPart(detail)}` : 'arriving file';
    case 'retry':
      return 'retry';
    case 'drop':
      return detail ? `dropped ${lastPart(detail)}` : 'dropped file';
    case 'missed':
      return detail ? `missed run (${detail})` : 'missed run';
    default:
      return trigger.kind;
  }
}

/** The hub's messages start in lower case (they continue "Nightly export: …"); shown alone they get a capital. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A timeout as people set it: "60 min", "2 h", "1.5 s" (whole minutes without the seconds). */
export function timeoutText(ms: number): string {
  if (ms < 60_000 || ms % 60_000 !== 0) return formatDuration(ms);
  const minutes = ms / 60_000;
  return minutes % 60 === 0 && minutes >= 120 ? `${minutes / 60} h` : `${minutes} min`;
}
