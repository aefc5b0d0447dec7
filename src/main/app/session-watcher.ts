import { BaseWindow, powerMonitor } from 'electron';
import { sessionEndMessage } from './model/session-end';

/** What the app does when the system ends the session. */
export interface SessionWatcherOptions {
  /**
   * Windows ends the session now: record every running run as cancelled and stop what can be stopped,
   * synchronously. Electron ends the process as soon as the `session-end` handlers return (Windows refuses
   * new processes by then and ends the job trees itself), so nothing asynchronous would run.
   */
  recordSessionEnd: (message: string) => void;
  /** Linux and macOS announce a shutdown and wait: the usual quit, without asking about running jobs. */
  quitWithoutAsking: () => void;
}

/** Stops listening (the app is quitting). */
export type StopWatching = () => void;

/**
 * Windows tells top-level windows, not the app, that the session ends (WM_QUERYENDSESSION, WM_ENDSESSION).
 * A tray app started at login may never open its window, so a hidden window without web contents (no
 * renderer process) exists only to hear it. It does not hold the session up: Windows ends apps without a
 * visible window that try to.
 */
export function watchSessionEnd(options: SessionWatcherOptions): StopWatching {
  const listener = new BaseWindow({
    show: false,
    width: 1,
    height: 1,
    skipTaskbar: true,
    title: 'Automation Hub',
  });
  let ended = false;
  listener.on('session-end', (event) => {
    if (ended) return;
    ended = true;
    try {
      options.recordSessionEnd(sessionEndMessage(event.reasons ?? []));
    } catch (error) {
      // The next start still finds the runs in the journal and records them as interrupted.
      console.error('Automation Hub: recording the end of the session failed:', error);
    }
  });
  // Electron passes an event whose preventDefault holds the shutdown until the app quits (its typings omit it).
  const onShutdown = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    options.quitWithoutAsking();
  };
  powerMonitor.on('shutdown', onShutdown);
  return () => {
    powerMonitor.removeListener('shutdown', onShutdown);
    if (!listener.isDestroyed()) listener.destroy();
  };
}
