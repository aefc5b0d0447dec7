import { useEffect, useMemo, useState } from 'preact/hooks';
import { coalesce } from '../../shared/coalesce';
import { errorText } from '../../shared/error-text';
import type { HubEvent, JobSummary, Notice } from '../../shared/hub-api';
import type { RunningJobInfo, StuckReason } from '../../shared/run-types';
import type { Settings } from '../../shared/settings-schema';
import { call } from '../hub';

/** A running job as the window shows it: the hub's info plus a stuck warning once one arrived. */
export interface LiveRun extends RunningJobInfo {
  stuck?: { reason: StuckReason; thresholdMinutes: number };
}

/** A short message about something the user did not see happen (a skipped or queued run). */
export interface Flash {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface HubState {
  running: LiveRun[];
  jobs: JobSummary[] | null;
  settings: Settings | null;
  jobsFolder: string | null;
  notices: Notice[];
  flashes: Flash[];
  /** Counts finished runs, so that views showing history know to fetch again. */
  historyVersion: number;
  /** Set when the first load failed: the window cannot show anything useful. */
  loadError: string | null;
}

export interface HubActions {
  flash(level: Flash['level'], text: string): void;
  dismissFlash(id: number): void;
  setSettings(settings: Settings): void;
  refreshJobs(): void;
}

const initial: HubState = {
  running: [],
  jobs: null,
  settings: null,
  jobsFolder: null,
  notices: [],
  flashes: [],
  historyVersion: 0,
  loadError: null,
};

let flashIds = 0;

function byStart(a: LiveRun, b: LiveRun): number {
  return a.startTime.localeCompare(b.startTime);
}

/**
 * The window's model of the hub: loaded once, then kept current by hub events. Runs come from events
 * (started, status, stuck, finished); the job library is fetched again when it or a run changes.
 */
export function useHub(): [HubState, HubActions] {
  const [state, setState] = useState<HubState>(initial);

  const actions = useMemo<HubActions>(() => {
    const refreshJobs = coalesce(async () => {
      const jobs = await call('listJobs');
      setState((s) => ({ ...s, jobs }));
    });
    return {
      flash(level, text) {
        const id = ++flashIds;
        setState((s) => ({ ...s, flashes: [...s.flashes.slice(-2), { id, level, text }] }));
      },
      dismissFlash(id) {
        setState((s) => ({ ...s, flashes: s.flashes.filter((f) => f.id !== id) }));
      },
      setSettings(settings) {
        setState((s) => ({ ...s, settings }));
      },
      refreshJobs,
    };
  }, []);

  useEffect(() => {
    // Runs that ended while the first listRunning was on its way must not come back from its answer.
    const finished = new Set<string>();
    const upsert = (run: RunningJobInfo, extra?: Partial<LiveRun>) =>
      setState((s) => {
        if (finished.has(run.runId)) return s;
        const old = s.running.find((r) => r.runId === run.runId);
        const next: LiveRun = { ...old, ...run, ...extra };
        const others = s.running.filter((r) => r.runId !== run.runId);
        return { ...s, running: [...others, next].sort(byStart) };
      });

    const onEvent = (event: HubEvent): void => {
      switch (event.type) {
        case 'run-started':
          upsert(event.run);
          actions.refreshJobs();
          break;
        case 'run-status':
          upsert(event.run);
          break;
        case 'run-stuck':
          upsert(event.run, { stuck: { reason: event.reason, thresholdMinutes: event.thresholdMinutes } });
          break;
        case 'run-finished':
          finished.add(event.result.runId);
          setState((s) => ({
            ...s,
            running: s.running.filter((r) => r.runId !== event.result.runId),
            historyVersion: s.historyVersion + 1,
          }));
          actions.refreshJobs();
          break;
        case 'run-skipped':
          actions.flash('info', `${event.jobName} did not start: ${event.reason}`);
          break;
        case 'run-queued':
          actions.flash(
            'info',
            `${event.jobName} is queued (position ${event.position}): it starts when a slot is free.`,
          );
          break;
        case 'library-changed':
          actions.refreshJobs();
          break;
        case 'settings-changed':
          actions.setSettings(event.settings);
          break;
        case 'triggers-paused':
          setState((s) =>
            s.settings ? { ...s, settings: { ...s.settings, triggersPaused: event.paused } } : s,
          );
          actions.refreshJobs();
          break;
        case 'notice':
          setState((s) => ({ ...s, notices: [...s.notices, event.notice] }));
          if (event.notice.level !== 'info') actions.flash(event.notice.level, event.notice.message);
          break;
        // run-output is for the run detail, which listens itself.
      }
    };
    const unsubscribe = window.hub?.onEvent(onEvent) ?? (() => {});

    void (async () => {
      try {
        const [running, jobs, settings, jobsFolder, notices] = await Promise.all([
          call('listRunning'),
          call('listJobs'),
          call('getSettings'),
          call('jobsFolder'),
          call('getNotices'),
        ]);
        setState((s) => {
          const known = new Map(s.running.map((r) => [r.runId, r]));
          for (const run of running) {
            if (!finished.has(run.runId)) known.set(run.runId, { ...run, ...known.get(run.runId) });
          }
          return {
            ...s,
            running: [...known.values()].sort(byStart),
            jobs,
            settings: s.settings ?? settings,
            jobsFolder,
            notices,
          };
        });
      } catch (error) {
        setState((s) => ({ ...s, loadError: errorText(error) }));
      }
    })();
    return unsubscribe;
  }, [actions]);

  return [state, actions];
}
