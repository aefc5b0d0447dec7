import { formatMinutes } from '../../../shared/format';
import type { HubEvent } from '../../../shared/hub-api';
import type { NotifySwitches } from '../../../shared/notify-switches';

/** What a notification is about; repeats are collapsed per job and kind (see repeat-collapser.ts). */
export type NotificationKind = 'failed' | 'timed-out' | 'interrupted' | 'stuck' | 'succeeded';

/** A notification to show: plain text and the run a click opens. */
export interface HubNotification {
  kind: NotificationKind;
  jobName: string;
  runId: string;
  /** When it happened (ms since epoch). */
  time: number;
  title: string;
  body: string;
}

/** Windows shows about three lines of body text; longer bodies are cut there anyway, we cut with "…". */
export const MAX_BODY = 300;

/** Which switch a kind obeys. */
const SWITCH_OF: Record<NotificationKind, keyof NotifySwitches> = {
  failed: 'onFailure',
  'timed-out': 'onTimeout',
  interrupted: 'onFailure',
  stuck: 'onStuck',
  succeeded: 'onSuccess',
};

/**
 * The kind of notification an event could raise, before any switch is consulted, so that the glue reads
 * the job file (for its `notify` block) only for these events. Cancelled and skipped runs, queueing,
 * output and status lines never notify: the user either did them or sees them in the window.
 */
export function notificationKindOf(event: HubEvent): NotificationKind | null {
  if (event.type === 'run-stuck') return 'stuck';
  if (event.type !== 'run-finished') return null;
  switch (event.result.status) {
    case 'CompletedSuccessfully':
      return 'succeeded';
    case 'Failed':
      return 'failed';
    case 'TimedOut':
      return 'timed-out';
    case 'Interrupted':
      return 'interrupted';
    default:
      return null;
  }
}

/** The notification an event raises under these switches, or null. `now` dates a stuck warning. */
export function notificationFor(
  event: HubEvent,
  switches: NotifySwitches,
  now: number,
): HubNotification | null {
  const kind = notificationKindOf(event);
  if (kind === null || !switches[SWITCH_OF[kind]]) return null;
  if (event.type === 'run-stuck') {
    const { run, reason, thresholdMinutes } = event;
    const minutes = formatMinutes(thresholdMinutes);
    const what =
      reason === 'silent' ? `No output for ${minutes} min` : `Running for more than ${minutes} min`;
    return {
      kind,
      jobName: run.jobName,
      runId: run.runId,
      time: now,
      title: `⚠ ${run.jobName} looks stuck`,
      body: clip(`${what}. It may be hung: open the run to look at its output or cancel it.`),
    };
  }
  if (event.type !== 'run-finished') return null;
  const { result } = event;
  const time = Date.parse(result.endTime);
  const base = { kind, jobName: result.jobName, runId: result.runId, time: Number.isNaN(time) ? now : time };
  switch (kind) {
    case 'failed':
      return {
        ...base,
        title: `✗ ${result.jobName} failed`,
        body: clip(withExitCode(result.exitCode, result.message)),
      };
    case 'timed-out':
      return { ...base, title: `⏱ ${result.jobName} timed out`, body: clip(result.message) };
    case 'interrupted':
      return { ...base, title: `✗ ${result.jobName} was interrupted`, body: clip(result.message) };
    default:
      return { ...base, title: `✓ ${result.jobName} succeeded`, body: clip(result.message) };
  }
}

/** "Exit code 2 · failed during startup: …": the code first, where a glance finds it. */
export function withExitCode(exitCode: number | null, message: string): string {
  return exitCode === null ? message : `Exit code ${exitCode} · ${message}`;
}

function clip(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length <= MAX_BODY ? chars.join('') : `${chars.slice(0, MAX_BODY - 1).join('')}…`;
}

/** The job an event is about, and its file when the run has one (for the file's `notify` block). */
export function notificationSubject(event: HubEvent): { jobName: string; jobFile: string | null } | null {
  if (event.type === 'run-stuck') return { jobName: event.run.jobName, jobFile: event.run.jobFile ?? null };
  if (event.type === 'run-finished')
    return { jobName: event.result.jobName, jobFile: event.result.jobFile ?? null };
  return null;
}
