import { formatDuration } from '../../../shared/format';
import type { JobSummary } from '../../../shared/hub-api';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { PRODUCT_NAME } from './app-identity';
import { clockTime, menuLabel, shorten } from './menu-text';
import { MAX_BADGE_COUNT, type TrayIconName } from './tray-icons';
import type { TrayState } from './tray-state';

/** Windows cuts tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;
/** Jobs listed under "Run now"; a library larger than this is better served by the window. */
export const MAX_RUN_NOW_JOBS = 25;

/** What a menu entry does; the glue maps each to a hub call or a window action. */
export type TrayAction =
  | { type: 'show-run'; runId: string }
  | { type: 'cancel-run'; runId: string }
  | { type: 'run-job'; name: string }
  | { type: 'open-log'; runId: string }
  | { type: 'set-triggers-paused'; paused: boolean }
  | { type: 'open-window' }
  | { type: 'open-jobs-folder' }
  | { type: 'set-start-at-login'; enabled: boolean }
  | { type: 'quit' };

/** A plain menu description; the glue turns it into Menu.buildFromTemplate's template. */
export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled?: boolean }
  | { kind: 'label'; label: string }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

/**
 * The tray image: an unseen problem outranks the running count (the tooltip still says how many run),
 * because a failure is what the user must not miss; otherwise the count of running jobs, "9+" above 9.
 */
export function trayIconName(state: TrayState): TrayIconName {
  if (state.unseenProblems > 0) return 'attention';
  const count = state.running.length;
  if (count === 0) return 'idle';
  return count > MAX_BADGE_COUNT ? 'running-9plus' : `running-${count}`;
}

/** "Automation Hub — 2 running", plus unseen problems and paused triggers. */
export function trayTooltip(state: TrayState): string {
  const parts = [state.running.length === 0 ? 'idle' : `${state.running.length} running`];
  if (state.unseenProblems > 0) {
    parts.push(
      state.unseenProblems === 1 ? '1 problem to look at' : `${state.unseenProblems} problems to look at`,
    );
  }
  if (state.triggersPaused) parts.push('triggers paused');
  return shorten(`${PRODUCT_NAME} — ${parts.join(' · ')}`, MAX_TOOLTIP);
}

/**
 * The context menu, built when the user opens it so that elapsed times are current:
 *   running runs (elapsed, status; Show / Cancel) · Run now ▸ · Last runs ▸ (✓/✗, opens the log)
 *   Pause/Resume triggers · Open window · Open jobs folder · Start at login ☑ · Quit
 */
export function trayMenu(state: TrayState, now: number): TrayMenuItem[] {
  return [
    ...runningSection(state.running, now),
    { kind: 'submenu', label: 'Run now', items: runNowItems(state.jobs) },
    { kind: 'submenu', label: 'Last runs', items: lastRunItems(state.recent, now) },
    { kind: 'separator' },
    state.triggersPaused
      ? { kind: 'action', label: 'Resume triggers', action: { type: 'set-triggers-paused', paused: false } }
      : { kind: 'action', label: 'Pause triggers', action: { type: 'set-triggers-paused', paused: true } },
    { kind: 'separator' },
    { kind: 'action', label: 'Open window', action: { type: 'open-window' } },
    { kind: 'action', label: 'Open jobs folder', action: { type: 'open-jobs-folder' } },
    {
      kind: 'checkbox',
      // Turned off in Task Manager: checking the box turns it on again there too.
      label: state.startAtLoginBlocked ? 'Start at login (turned off in Task Manager)' : 'Start at login',
      checked: state.startAtLogin,
      action: { type: 'set-start-at-login', enabled: !state.startAtLogin },
    },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', action: { type: 'quit' } },
  ];
}

/** "Backup — 4 min 05 s · 40%": one submenu per run, so that Cancel is never one slip of the mouse away. */
export function runningLabel(run: RunningJobInfo, now: number): string {
  const elapsed = formatDuration(now - Date.parse(run.startTime));
  const phase = run.phase === 'starting' ? ' (starting)' : '';
  const progress = run.progress === null ? '' : ` · ${Math.round(run.progress)}%`;
  return menuLabel(`${shorten(run.jobName)} — ${elapsed}${phase}${progress}`);
}

function runningSection(running: RunningJobInfo[], now: number): TrayMenuItem[] {
  if (running.length === 0) return [{ kind: 'label', label: 'No jobs running' }, { kind: 'separator' }];
  const items: TrayMenuItem[] = [{ kind: 'label', label: `Running (${running.length})` }];
  for (const run of running) {
    const status: TrayMenuItem[] = run.statusMessage
      ? [{ kind: 'label', label: menuLabel(shorten(run.statusMessage, 80)) }, { kind: 'separator' }]
      : [];
    items.push({
      kind: 'submenu',
      label: runningLabel(run, now),
      items: [
        ...status,
        { kind: 'action', label: 'Show', action: { type: 'show-run', runId: run.runId } },
        { kind: 'action', label: 'Cancel', action: { type: 'cancel-run', runId: run.runId } },
      ],
    });
  }
  items.push({ kind: 'separator' });
  return items;
}

function runNowItems(jobs: JobSummary[]): TrayMenuItem[] {
  if (jobs.length === 0) return [{ kind: 'label', label: 'No jobs yet: add job files to the jobs folder' }];
  // Runnable jobs first, by name; files that cannot run after them.
  const runnable = (job: JobSummary) => (job.valid && job.name !== null ? 0 : 1);
  const sorted = [...jobs].sort(
    (a, b) => runnable(a) - runnable(b) || jobTitle(a).localeCompare(jobTitle(b)),
  );
  const items: TrayMenuItem[] = sorted.slice(0, MAX_RUN_NOW_JOBS).map((job) => {
    const title = menuLabel(shorten(jobTitle(job)));
    // An invalid file cannot run; it stays listed, greyed, so the user sees why the job is missing.
    if (!job.valid || job.name === null)
      return { kind: 'label', label: `${title} (invalid: see the window)` };
    return {
      kind: 'action',
      label: job.enabled ? title : `${title} (disabled)`,
      action: { type: 'run-job', name: job.name },
    };
  });
  if (sorted.length > MAX_RUN_NOW_JOBS) {
    items.push(
      { kind: 'separator' },
      { kind: 'action', label: `All ${sorted.length} jobs…`, action: { type: 'open-window' } },
    );
  }
  return items;
}

/** "✓ Backup · 10:02 · 1.2 s"; ✗ for failed, timed out, interrupted and cancelled runs. */
export function lastRunLabel(result: RunResult, now: number): string {
  const mark = result.success ? '✓' : '✗';
  const what =
    result.status === 'Cancelled' ? ' (cancelled)' : result.status === 'TimedOut' ? ' (timed out)' : '';
  return menuLabel(
    `${mark} ${shorten(result.jobName)}${what} · ${clockTime(result.startTime, now)} · ${formatDuration(result.durationMs)}`,
  );
}

function lastRunItems(recent: RunResult[], now: number): TrayMenuItem[] {
  if (recent.length === 0) return [{ kind: 'label', label: 'No runs yet' }];
  return recent.map((result) =>
    result.logPath === null
      ? { kind: 'label', label: lastRunLabel(result, now) }
      : {
          kind: 'action',
          label: lastRunLabel(result, now),
          action: { type: 'open-log', runId: result.runId },
        },
  );
}

// A job whose file could not be read has no name: its file name stands in.
function jobTitle(job: JobSummary): string {
  return job.name ?? job.fileName;
}
