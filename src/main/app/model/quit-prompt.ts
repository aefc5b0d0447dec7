import type { MessageBoxOptions } from 'electron';
import { formatDuration } from '../../../shared/format';
import type { RunningJobInfo } from '../../../shared/run-types';
import { PRODUCT_NAME } from './app-identity';

/** Index of the button that cancels the jobs and quits. */
export const QUIT_BUTTON = 0;
/** Index of the button that keeps the app (and its jobs) running. */
export const KEEP_BUTTON = 1;

/** Jobs listed by name in the dialog; more are counted. */
const LISTED = 8;

/**
 * The question asked when quitting while jobs run; null when nothing runs (quit at once). Quitting cancels
 * the jobs' whole process trees and records them as cancelled, so the dialog says so; the safe choice
 * (keep running) is the default and what Escape picks.
 */
export function quitPrompt(running: readonly RunningJobInfo[], now: number): MessageBoxOptions | null {
  if (running.length === 0) return null;
  const listed = running
    .slice(0, LISTED)
    .map((run) => `• ${run.jobName} (running for ${formatDuration(now - Date.parse(run.startTime))})`);
  if (running.length > LISTED) listed.push(`• and ${running.length - LISTED} more`);
  const count = running.length === 1 ? '1 job is' : `${running.length} jobs are`;
  return {
    type: 'warning',
    title: PRODUCT_NAME,
    message: `${count} still running. Quit anyway?`,
    detail: `Quitting stops ${running.length === 1 ? 'it' : 'them'} and every process ${running.length === 1 ? 'it' : 'they'} started; the runs are recorded as cancelled.\n\n${listed.join('\n')}`,
    buttons: ['Cancel jobs and quit', 'Keep running'],
    defaultId: KEEP_BUTTON,
    cancelId: KEEP_BUTTON,
    noLink: true,
  };
}

/** Whether the dialog's answer means quit. */
export function quitConfirmed(response: number): boolean {
  return response === QUIT_BUTTON;
}
