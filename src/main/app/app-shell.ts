import { app, powerMonitor, shell } from 'electron';
import { coalesce } from '../../shared/coalesce';
import { errorText } from '../../shared/error-text';
import type { HubEvent } from '../../shared/hub-api';
import { EVENT_CHANNEL } from '../../shared/ipc-channels';
import type { Settings } from '../../shared/settings-schema';
import type { Hub } from '../core/hub/hub';
import { registerIpcHandlers } from './ipc-handlers';
import { createLoginItems, type LoginItems } from './login-items';
import { createMainWindow } from './main-window';
import { createBridgeApi } from './model/bridge-api';
import { createIpcDispatcher } from './model/ipc-dispatcher';
import { type LaunchRequest, showsWindow } from './model/launch-args';
import { notificationFor, notificationKindOf, notificationSubject } from './model/notification-policy';
import { RepeatCollapser } from './model/repeat-collapser';
import { launchJobErrorText, notStartedText } from './model/startup-error';
import type { TrayAction } from './model/tray-model';
import { applyHubEvent, markProblemsSeen, type TrayState, withHistory } from './model/tray-state';
import type { RendererLocation } from './model/trusted-sender';
import { createNotifier } from './notifier';
import { installQuitGuard } from './quit-guard';
import { watchSessionEnd } from './session-watcher';
import { createTray } from './tray';

export interface ShellOptions {
  hub: Hub;
  platform: NodeJS.Platform;
  /** assets/ (icons). */
  assets: string;
  appIcon: string;
  /** A PNG for notifications (Windows draws no .ico in a toast). */
  notificationIcon: string;
  preload: string;
  indexFile: string;
  location: RendererLocation;
}

/** The running app around the hub: what main.ts hands hub events and launch requests to. */
export interface Shell {
  onHubEvent(event: HubEvent): void;
  handleLaunch(request: LaunchRequest): void;
}

/**
 * Wires the hub to the tray, the window, notifications and IPC. The hub's events are the only source of
 * change: each updates the tray state (model/tray-state.ts), goes to the window, and may raise a notification.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const { hub } = options;
  const loginItems = createLoginItems();
  let settings: Settings = await followLoginItem(hub, loginItems, await hub.getSettings());
  let state: TrayState = withHistory(
    {
      running: await hub.listRunning(),
      jobs: await hub.listJobs(),
      recent: [],
      triggersPaused: settings.triggersPaused,
      startAtLogin: settings.startAtLogin,
      startAtLoginBlocked: loginItems.read() === 'disabled-in-task-manager',
      unseenProblems: 0,
    },
    await hub.getHistory({ limit: 50 }),
  );

  const api = createBridgeApi(hub, (path) => shell.openPath(path));
  const collapser = new RepeatCollapser();

  const window = createMainWindow({
    preload: options.preload,
    icon: options.appIcon,
    indexFile: options.indexFile,
    location: options.location,
    onSeen: () => {
      state = markProblemsSeen(state);
      tray.update();
    },
  });
  const notifier = createNotifier({ icon: options.notificationIcon, onClick: (runId) => window.show(runId) });
  const report = (title: string, body: string) => notifier.show({ title, body });

  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.type) {
      case 'show-run':
        return window.show(action.runId);
      case 'cancel-run':
        await hub.cancelRun(action.runId);
        return;
      case 'run-job': {
        const ticket = await hub.runJob(action.name);
        if (!ticket.accepted) {
          const text = notStartedText(ticket);
          report(text.title, text.content);
        }
        return;
      }
      case 'open-log':
        return api.openLogFile(action.runId);
      case 'set-triggers-paused':
        return hub.setTriggersPaused(action.paused);
      case 'open-window':
        return window.show();
      case 'open-jobs-folder':
        return api.openJobsFolder();
      case 'set-start-at-login':
        await hub.updateSettings({ startAtLogin: action.enabled });
        return;
      case 'quit':
        // The quit guard asks about running jobs and closes the hub first.
        app.quit();
        return;
    }
  };

  const tray = createTray({
    assets: options.assets,
    platform: options.platform,
    state: () => state,
    onAction: (action) => {
      perform(action).catch((error: unknown) => report('Automation Hub', errorText(error)));
    },
    onClick: () => window.show(),
  });
  tray.create();

  registerIpcHandlers(
    createIpcDispatcher(api, (url) => window.isOurPage(url)),
    () => window.webContentsId(),
  );
  powerMonitor.on('resume', () => hub.onResume());
  let stopWatchingSession: () => void = () => {};
  const quitGuard = installQuitGuard({
    runningCount: () => hub.runningCount,
    listRunning: () => hub.listRunning(),
    closeHub: () => hub.close(),
    beforeExit: () => {
      window.allowClose();
      tray.destroy();
      stopWatchingSession();
    },
  });
  stopWatchingSession = watchSessionEnd({
    recordSessionEnd: (message) => hub.endSessionNow(message),
    quitWithoutAsking: () => quitGuard.quitWithoutAsking(),
  });
  // Clicks on toasts the app no longer holds (Action Center, or the click that started this process).
  notifier.listenForActivations();

  // One reload at a time; a change during a reload triggers one more, so the last change is never missed.
  const reloadJobs = coalesce(
    async () => {
      const jobs = await hub.listJobs();
      state = { ...state, jobs };
      tray.update();
    },
    (error) => console.error('Automation Hub: listing jobs failed:', error),
  );

  const notify = async (event: HubEvent): Promise<void> => {
    const kind = notificationKindOf(event);
    const subject = notificationSubject(event);
    if (kind === null || subject === null) return;
    collapser.settle(subject.jobName, kind);
    const switches = 'notify' in event && event.notify ? event.notify : settings.notifications;
    const notification = notificationFor(event, switches, Date.now());
    const shown = notification && collapser.offer(notification, Date.now());
    if (shown) notifier.show(shown);
  };

  return {
    onHubEvent(event) {
      // Output and queue events leave the tray state as it is: no redraw for every line a job prints.
      const next = applyHubEvent(state, event);
      if (next !== state) {
        state = next;
        tray.update();
      }
      window.send(EVENT_CHANNEL, event);
      if (event.type === 'library-changed') reloadJobs();
      if (event.type === 'settings-changed') {
        settings = event.settings;
        const blocked = applyLoginItem(loginItems, settings.startAtLogin);
        if (blocked !== state.startAtLoginBlocked) {
          state = { ...state, startAtLoginBlocked: blocked };
          tray.update();
        }
      }
      notify(event).catch((error: unknown) => console.error('Automation Hub: notification failed:', error));
    },
    handleLaunch(request) {
      if (request.quit) {
        // The installer or uninstaller asks: the usual quit (asks about running jobs, records them).
        app.quit();
        return;
      }
      if (request.jobFile !== null) {
        const jobFile = request.jobFile;
        // Started with a job file: the window shows what it would do, and it runs only when the user says so.
        api
          .previewJobFile(jobFile)
          .then((preview) => window.showPreview(preview))
          .catch((error: unknown) => {
            const text = launchJobErrorText(jobFile, error);
            report(text.title, text.content);
          });
      }
      if (showsWindow(request)) window.show();
    },
  };
}

/**
 * The settings follow the OS's login item at start: the user may have turned the entry off in Task Manager,
 * and the window and the CLI should show that, not a stale setting. Nothing is written to the OS here.
 */
async function followLoginItem(hub: Hub, loginItems: LoginItems, settings: Settings): Promise<Settings> {
  const os = loginItems.read();
  if (os === null || (os === 'on') === settings.startAtLogin) return settings;
  return hub.updateSettings({ startAtLogin: os === 'on' });
}

/**
 * A settings change reached the app: when the user changed "Start at login" (the OS disagrees with the
 * setting now), the OS entry follows. Returns whether Task Manager still keeps the entry disabled.
 */
function applyLoginItem(loginItems: LoginItems, startAtLogin: boolean): boolean {
  let os = loginItems.read();
  if (os === null) return false;
  if ((os === 'on') !== startAtLogin) {
    loginItems.apply(startAtLogin);
    os = loginItems.read();
  }
  return os === 'disabled-in-task-manager';
}
