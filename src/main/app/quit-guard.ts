import { app, dialog } from 'electron';
import type { RunningJobInfo } from '../../shared/run-types';
import { quitConfirmed, quitPrompt } from './model/quit-prompt';

export interface QuitGuardOptions {
  runningCount: () => number;
  listRunning: () => Promise<RunningJobInfo[]>;
  /** Stops triggers, cancels the running trees and records them, releases the data folder (hub.close). */
  closeHub: () => Promise<void>;
  /** Last steps before the process ends (tray away, window allowed to close). */
  beforeExit: () => void;
}

/** The quit path, for those that must not ask (the system is shutting down). */
export interface QuitGuard {
  /** Closes the hub (jobs stopped and recorded) and quits, without asking about running jobs. */
  quitWithoutAsking(): void;
}

/**
 * Every quit (tray menu, Windows' "close window" on the taskbar, the installer's quit request, app.quit
 * anywhere) passes here: with jobs running the user is asked first (model/quit-prompt.ts); then the hub
 * closes (awaited, so every run is recorded as cancelled and no process is left behind) and only then does
 * the app really quit: before-quit, the windows close, will-quit.
 */
export function installQuitGuard(options: QuitGuardOptions): QuitGuard {
  let phase: 'open' | 'asking' | 'closing' | 'closed' = 'open';

  const closeAndQuit = async (): Promise<void> => {
    phase = 'closing';
    try {
      await options.closeHub();
    } catch (error) {
      console.error('Automation Hub: closing the hub failed:', error);
    }
    phase = 'closed';
    options.beforeExit();
    app.quit();
  };

  app.on('before-quit', (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase !== 'open') return;
    if (options.runningCount() === 0) {
      void closeAndQuit();
      return;
    }
    phase = 'asking';
    void (async () => {
      const prompt = quitPrompt(await options.listRunning(), Date.now());
      const confirmed = prompt === null || quitConfirmed((await dialog.showMessageBox(prompt)).response);
      // The system may have asked to quit meanwhile (quitWithoutAsking): then the answer no longer matters.
      if (phase !== 'asking') return;
      if (confirmed) await closeAndQuit();
      else phase = 'open';
    })().catch((error: unknown) => {
      console.error('Automation Hub: quitting failed:', error);
      phase = 'open';
    });
  });

  return {
    quitWithoutAsking() {
      if (phase === 'open' || phase === 'asking') void closeAndQuit();
    },
  };
}
