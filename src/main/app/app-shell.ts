import { app, powerMonitor, shell } from 'electron';
import { coalesce } from '../../shared/coalesce';
import { errorText } from '../../shared/error-text';
import type { HubEvent } from '../../shared/hub-api';
import { EVENT_CHANNEL } from '../../shared/ipc-channels';
import type { Settings } from '../../shared/settings-schema';
import type { Hub } from '../core/hub/hub';
import { registerIpcHandlers } from './ipc-handlers';
import { applyStartAtLogin } from './login-items';
import { createMainWindow } from './main-window';
import { createBridgeApi } from './model/bridge-api';
import { createIpcDispatcher } from './model/ipc-dispatcher';
import { type LaunchRequest, showsWindow } from './model/launch-args';
import { notificationFor, notificationKindOf, notificationSubject } from './model/notification-policy';
import { RepeatCollapser } from './model/repeat-collapser';
import { launchJobErrorText, notStartedText } from './model/startup-error';
import type { TrayAction } from './model/tray-model';
import { applyHubEvent, markProblemsSeen, type TrayState, withHistory } from './model/tray-state';
import { isRendererUrl, type RendererLocation } from './model/trusted-sender';
import { createNotifier } from './notifier';
import { installQuitGuard } from './quit-guard';
import { createTray } from './tray';

export interface ShellOptions {
  hub: Hub;
  platform: NodeJS.Platform;
  /** assets/ (icons). */
  assets: string;
  appIcon: string;
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
  let settings: Settings = await hub.getSettings();
  let state: TrayState = withHistory(
    {
      running: await hub.listRunning(),
      jobs: await hub.listJobs(),
      recent: [],
      triggersPaused: settings.triggersPaused,
      startAtLogin: settings.startAtLogin,
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
    // Windows is logging off or shutting down: record the runs rather than leave them to crash recovery.
    onSessionEnd: () => void hub.close(),
  });
  const notifier = createNotifier({ icon: options.appIcon, onClick: (runId) => window.show(runId) });
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
    createIpcDispatcher(api, (url) => isRendererUrl(url, options.location)),
    () => window.webContentsId(),
  );
  powerMonitor.on('resume', () => hub.onResume());
  applyStartAtLogin(settings.startAtLogin);
  installQuitGuard({
    runningCount: () => hub.runningCount,
    listRunning: () => hub.listRunning(),
    closeHub: () => hub.close(),
    beforeExit: () => {
      window.allowClose();
      tray.destroy();
    },
  });

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
        const before = settings.startAtLogin;
        settings = event.settings;
        if (settings.startAtLogin !== before) applyStartAtLogin(settings.startAtLogin);
      }
      notify(event).catch((error: unknown) => console.error('Automation Hub: notification failed:', error));
    },
    handleLaunch(request) {
      if (request.jobFile !== null) {
        const jobFile = request.jobFile;
        hub
          .runJobFile(jobFile)
          .then((ticket) => {
            if (!ticket.accepted) {
              const text = notStartedText(ticket);
              report(text.title, text.content);
            }
          })
          .catch((error: unknown) => {
            const text = launchJobErrorText(jobFile, error);
            report(text.title, text.content);
          });
      }
      if (showsWindow(request)) window.show();
    },
  };
}
