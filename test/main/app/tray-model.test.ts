import { describe, expect, it } from 'vitest';
import { TRAY_ICON_NAMES } from '../../../src/main/app/model/tray-icons';
import {
  MAX_TOOLTIP,
  type TrayMenuItem,
  trayIconName,
  trayMenu,
  trayTooltip,
} from '../../../src/main/app/model/tray-model';
import {
  applyHubEvent,
  emptyTrayState,
  markProblemsSeen,
  RECENT_RUNS,
  type TrayState,
  withHistory,
} from '../../../src/main/app/model/tray-state';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { at, jobSummary, NOW, runningJob, runResult } from './fixtures';

const withRunning = (count: number, extra: Partial<TrayState> = {}): TrayState => ({
  ...emptyTrayState,
  running: Array.from({ length: count }, (_, i) => runningJob({ runId: `run-${i}`, jobName: `Job ${i}` })),
  ...extra,
});

/** Every entry of a menu, submenus flattened, with the path of labels that leads to it. */
function flatten(items: TrayMenuItem[], trail: string[] = []): { trail: string[]; item: TrayMenuItem }[] {
  return items.flatMap((item) => {
    const here = { trail, item };
    return item.kind === 'submenu' ? [here, ...flatten(item.items, [...trail, item.label])] : [here];
  });
}
const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.kind === 'separator' ? '---' : item.label));
const submenu = (items: TrayMenuItem[], label: string): TrayMenuItem[] => {
  const found = items.find((item) => item.kind === 'submenu' && item.label === label);
  if (found?.kind !== 'submenu') throw new Error(`no submenu ${label} in ${labels(items).join(', ')}`);
  return found.items;
};

describe('tray icon and tooltip', () => {
  it('is idle with nothing running', () => {
    expect(trayIconName(emptyTrayState)).toBe('idle');
    expect(trayTooltip(emptyTrayState)).toBe('Automation Hub — idle');
  });

  it('shows the running count 1–9, then 9+', () => {
    expect(trayIconName(withRunning(1))).toBe('running-1');
    expect(trayIconName(withRunning(2))).toBe('running-2');
    expect(trayIconName(withRunning(9))).toBe('running-9');
    expect(trayIconName(withRunning(10))).toBe('running-9plus');
    expect(trayIconName(withRunning(40))).toBe('running-9plus');
    expect(trayTooltip(withRunning(2))).toBe('Automation Hub — 2 running');
    expect(trayTooltip(withRunning(12))).toBe('Automation Hub — 12 running');
  });

  it('shows attention for an unseen problem, over the running count, and the tooltip keeps both', () => {
    const state = withRunning(3, { unseenProblems: 2 });
    expect(trayIconName(state)).toBe('attention');
    expect(trayTooltip(state)).toBe('Automation Hub — 3 running · 2 problems to look at');
    expect(trayTooltip({ ...emptyTrayState, unseenProblems: 1, triggersPaused: true })).toBe(
      'Automation Hub — idle · 1 problem to look at · triggers paused',
    );
  });

  it('names only icons that exist in the list the assets test checks', () => {
    for (const count of [0, 1, 5, 9, 10, 100]) {
      expect(TRAY_ICON_NAMES).toContain(trayIconName(withRunning(count)));
      expect(TRAY_ICON_NAMES).toContain(trayIconName(withRunning(count, { unseenProblems: 1 })));
    }
  });

  it('keeps the tooltip within what Windows shows', () => {
    const state = withRunning(3, { unseenProblems: 123_456_789_012, triggersPaused: true });
    expect(trayTooltip(state).length).toBeLessThanOrEqual(MAX_TOOLTIP);
  });
});

describe('tray state from hub events', () => {
  it('tracks runs from start to finish and keeps the last runs, newest first, without skipped ones', () => {
    let state = emptyTrayState;
    state = applyHubEvent(state, { type: 'run-started', run: runningJob({ runId: 'a' }) });
    state = applyHubEvent(state, { type: 'run-started', run: runningJob({ runId: 'b', jobName: 'Export' }) });
    state = applyHubEvent(state, {
      type: 'run-status',
      run: runningJob({ runId: 'a', statusMessage: 'Copying' }),
    });
    expect(state.running.map((r) => [r.runId, r.statusMessage])).toEqual([
      ['a', 'Copying'],
      ['b', ''],
    ]);
    state = applyHubEvent(state, { type: 'run-finished', result: runResult({ runId: 'a' }) });
    state = applyHubEvent(state, {
      type: 'run-finished',
      result: runResult({ runId: 'skip', status: 'Skipped' }),
    });
    state = applyHubEvent(state, {
      type: 'run-finished',
      result: runResult({ runId: 'b', status: 'Failed' }),
    });
    expect(state.running).toEqual([]);
    expect(state.recent.map((r) => r.runId)).toEqual(['b', 'a']);
    expect(state.unseenProblems).toBe(1);
  });

  it('counts failures, timeouts, interruptions and stuck warnings as problems, not cancellations', () => {
    let state = emptyTrayState;
    for (const status of [
      'Failed',
      'TimedOut',
      'Interrupted',
      'Cancelled',
      'CompletedSuccessfully',
    ] as const) {
      state = applyHubEvent(state, { type: 'run-finished', result: runResult({ runId: status, status }) });
    }
    state = applyHubEvent(state, {
      type: 'run-stuck',
      run: runningJob(),
      reason: 'silent',
      thresholdMinutes: 30,
    });
    expect(state.unseenProblems).toBe(4);
    expect(trayIconName(state)).toBe('attention');
    const seen = markProblemsSeen(state);
    expect(seen.unseenProblems).toBe(0);
    expect(trayIconName(seen)).toBe('running-1');
  });

  it('keeps at most RECENT_RUNS last runs', () => {
    let state = emptyTrayState;
    for (let i = 0; i < RECENT_RUNS + 5; i++) {
      state = applyHubEvent(state, { type: 'run-finished', result: runResult({ runId: `r${i}` }) });
    }
    expect(state.recent).toHaveLength(RECENT_RUNS);
    expect(state.recent[0]?.runId).toBe(`r${RECENT_RUNS + 4}`);
  });

  it('follows paused triggers and the start-at-login setting', () => {
    let state = applyHubEvent(emptyTrayState, { type: 'triggers-paused', paused: true });
    expect(state.triggersPaused).toBe(true);
    state = applyHubEvent(state, {
      type: 'settings-changed',
      settings: { ...defaultSettings, startAtLogin: true, triggersPaused: false },
    });
    expect(state).toMatchObject({ triggersPaused: false, startAtLogin: true });
  });

  it('orders history newest first and drops skipped runs', () => {
    const state = withHistory(emptyTrayState, [
      runResult({ runId: 'old', endTime: at(-30) }),
      runResult({ runId: 'skipped', status: 'Skipped', endTime: at(-1) }),
      runResult({ runId: 'new', endTime: at(-5) }),
    ]);
    expect(state.recent.map((r) => r.runId)).toEqual(['new', 'old']);
  });
});

describe('tray menu', () => {
  const state: TrayState = {
    ...emptyTrayState,
    running: [
      runningJob({
        runId: 'r1',
        jobName: 'Backup',
        startTime: at(-4.0833),
        progress: 40,
        statusMessage: 'Copying',
      }),
      runningJob({ runId: 'r2', jobName: 'Export', startTime: at(-0.2), phase: 'starting' }),
    ],
    jobs: [
      jobSummary({ name: 'Export' }),
      jobSummary({ name: 'Backup & sync' }),
      jobSummary({ name: 'Off', enabled: false }),
      jobSummary({ name: null, fileName: 'broken.json', valid: false }),
    ],
    recent: [
      runResult({ runId: 'ok', jobName: 'Backup', startTime: at(-62), durationMs: 1200 }),
      runResult({ runId: 'bad', jobName: 'Export', status: 'Failed', startTime: at(-3 * 24 * 60) }),
      runResult({ runId: 'nolog', jobName: 'Export', status: 'TimedOut', logPath: null }),
    ],
  };
  const menu = trayMenu(state, NOW);

  it('lists running runs with elapsed time, progress, status, Show and Cancel', () => {
    expect(labels(menu).slice(0, 4)).toEqual([
      'Running (2)',
      'Backup — 4 min 05 s · 40%',
      'Export — 12.0 s (starting)',
      '---',
    ]);
    const backup = submenu(menu, 'Backup — 4 min 05 s · 40%');
    expect(backup).toEqual([
      { kind: 'label', label: 'Copying' },
      { kind: 'separator' },
      { kind: 'action', label: 'Show', action: { type: 'show-run', runId: 'r1' } },
      { kind: 'action', label: 'Cancel', action: { type: 'cancel-run', runId: 'r1' } },
    ]);
  });

  it('computes elapsed time when built, so a later menu shows a later time', () => {
    expect(labels(trayMenu(state, NOW + 60_000))[1]).toBe('Backup — 5 min 05 s · 40%');
  });

  it('offers Run now for every runnable job, sorted; invalid files greyed last; "&" escaped for Windows', () => {
    expect(submenu(menu, 'Run now')).toEqual([
      { kind: 'action', label: 'Backup && sync', action: { type: 'run-job', name: 'Backup & sync' } },
      { kind: 'action', label: 'Export', action: { type: 'run-job', name: 'Export' } },
      { kind: 'action', label: 'Off (disabled)', action: { type: 'run-job', name: 'Off' } },
      { kind: 'label', label: 'broken.json (invalid: see the window)' },
    ]);
  });

  it('lists the last runs with ✓/✗, time and duration, each opening its log', () => {
    expect(submenu(menu, 'Last runs')).toEqual([
      { kind: 'action', label: '✓ Backup · 08:58 · 1.2 s', action: { type: 'open-log', runId: 'ok' } },
      { kind: 'action', label: '✗ Export · 8 Jun 10:00 · 1.2 s', action: { type: 'open-log', runId: 'bad' } },
      { kind: 'label', label: '✗ Export (timed out) · 09:58 · 1.2 s' },
    ]);
  });

  it('ends with triggers, window, folder, start at login and quit', () => {
    expect(labels(menu).slice(-10)).toEqual([
      'Run now',
      'Last runs',
      '---',
      'Pause triggers',
      '---',
      'Open window',
      'Open jobs folder',
      'Start at login',
      '---',
      'Quit',
    ]);
    const flat = flatten(menu).map(({ item }) => item);
    expect(flat).toContainEqual({
      kind: 'checkbox',
      label: 'Start at login',
      checked: false,
      action: { type: 'set-start-at-login', enabled: true },
    });
    expect(flat).toContainEqual({ kind: 'action', label: 'Quit', action: { type: 'quit' } });
    expect(flat).toContainEqual({
      kind: 'action',
      label: 'Pause triggers',
      action: { type: 'set-triggers-paused', paused: true },
    });
  });

  it('offers Resume when paused and unticks start at login when it is on', () => {
    const flat = flatten(trayMenu({ ...emptyTrayState, triggersPaused: true, startAtLogin: true }, NOW)).map(
      ({ item }) => item,
    );
    expect(flat).toContainEqual({
      kind: 'action',
      label: 'Resume triggers',
      action: { type: 'set-triggers-paused', paused: false },
    });
    expect(flat).toContainEqual({
      kind: 'checkbox',
      label: 'Start at login',
      checked: true,
      action: { type: 'set-start-at-login', enabled: false },
    });
  });

  it('says so when nothing runs, no jobs exist and nothing ran yet', () => {
    const empty = trayMenu(emptyTrayState, NOW);
    expect(labels(empty)[0]).toBe('No jobs running');
    expect(labels(submenu(empty, 'Run now'))).toEqual(['No jobs yet: add job files to the jobs folder']);
    expect(labels(submenu(empty, 'Last runs'))).toEqual(['No runs yet']);
  });

  it('caps Run now and points to the window for the rest', () => {
    const jobs = Array.from({ length: 40 }, (_, i) =>
      jobSummary({ name: `Job ${String(i).padStart(2, '0')}` }),
    );
    const items = submenu(trayMenu({ ...emptyTrayState, jobs }, NOW), 'Run now');
    expect(items.at(-1)).toEqual({ kind: 'action', label: 'All 40 jobs…', action: { type: 'open-window' } });
    expect(items.filter((item) => item.kind === 'action' && item.action.type === 'run-job')).toHaveLength(25);
  });
});

describe('tray state identity', () => {
  it('returns the same state for events that change nothing, so the glue skips the redraw', () => {
    const state = { ...emptyTrayState, running: [runningJob()] };
    expect(applyHubEvent(state, { type: 'run-output', runId: 'run-1', text: 'line\n' })).toBe(state);
    expect(applyHubEvent(state, { type: 'library-changed' })).toBe(state);
    expect(markProblemsSeen(state)).toBe(state);
  });
});
