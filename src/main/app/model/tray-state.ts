import type { HubEvent, JobSummary } from '../../../shared/hub-api';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';

/** How many finished runs the tray menu lists. */
export const RECENT_RUNS = 8;

/** What the tray shows, kept up to date from hub events (the tray never asks the hub while drawing). */
export interface TrayState {
  /** Runs in progress, oldest first. */
  running: RunningJobInfo[];
  /** The job library, for "Run now". */
  jobs: JobSummary[];
  /** Finished runs, newest first, at most RECENT_RUNS; skipped runs (nothing ran) are left out. */
  recent: RunResult[];
  triggersPaused: boolean;
  startAtLogin: boolean;
  /** The login entry exists but is turned off in Task Manager's Startup tab (the menu says so). */
  startAtLoginBlocked: boolean;
  /**
   * Failures, timeouts, interruptions and stuck warnings since the user last opened the window. While
   * there are any the tray shows its attention icon: a failure is never only a toast that scrolled away.
   */
  unseenProblems: number;
}

export const emptyTrayState: TrayState = {
  running: [],
  jobs: [],
  recent: [],
  triggersPaused: false,
  startAtLogin: false,
  startAtLoginBlocked: false,
  unseenProblems: 0,
};

/** Statuses that need the user's eyes. Cancelled runs were stopped by someone on purpose. */
export function isProblem(result: Pick<RunResult, 'status'>): boolean {
  return result.status === 'Failed' || result.status === 'TimedOut' || result.status === 'Interrupted';
}

/** The state after a hub event. Pure: the glue keeps the current state and redraws the tray from it. */
export function applyHubEvent(state: TrayState, event: HubEvent): TrayState {
  switch (event.type) {
    case 'run-started':
    case 'run-status':
      return { ...state, running: upsertRun(state.running, event.run) };
    case 'run-stuck':
      return {
        ...state,
        running: upsertRun(state.running, event.run),
        unseenProblems: state.unseenProblems + 1,
      };
    case 'run-finished': {
      const { result } = event;
      const running = state.running.filter((run) => run.runId !== result.runId);
      const recent =
        result.status === 'Skipped'
          ? state.recent
          : [result, ...state.recent.filter((r) => r.runId !== result.runId)].slice(0, RECENT_RUNS);
      const unseenProblems = state.unseenProblems + (isProblem(result) ? 1 : 0);
      return { ...state, running, recent, unseenProblems };
    }
    case 'triggers-paused':
      return { ...state, triggersPaused: event.paused };
    case 'settings-changed':
      return {
        ...state,
        triggersPaused: event.settings.triggersPaused,
        startAtLogin: event.settings.startAtLogin,
      };
    default:
      // run-output, run-queued, run-skipped, notices, library-changed (the glue reloads the jobs): no change.
      return state;
  }
}

/** The user opened the window: the problems are seen, the attention icon goes. */
export function markProblemsSeen(state: TrayState): TrayState {
  return state.unseenProblems === 0 ? state : { ...state, unseenProblems: 0 };
}

function upsertRun(running: RunningJobInfo[], run: RunningJobInfo): RunningJobInfo[] {
  const index = running.findIndex((r) => r.runId === run.runId);
  if (index === -1) return [...running, run];
  return running.map((r, i) => (i === index ? run : r));
}

/** The state with finished runs from history (any order): newest first, skipped runs left out. */
export function withHistory(state: TrayState, history: readonly RunResult[]): TrayState {
  const recent = history
    .filter((result) => result.status !== 'Skipped')
    .sort((a, b) => Date.parse(b.endTime) - Date.parse(a.endTime))
    .slice(0, RECENT_RUNS);
  return { ...state, recent };
}
