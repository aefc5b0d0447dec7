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

/**
 * Every quit (tray menu, Windows' "close window" on the taskbar, app.quit anywhere) passes here: with jobs
 * running the user is asked first (model/quit-prompt.ts); then the hub closes (awaited, so every run is
 * recorded as cancelled and no process is left behind) and only then does the app really quit.
 */
export function installQuitGuard(options: QuitGuardOptions): void {
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
      if (confirmed) await closeAndQuit();
      else phase = 'open';
    })().catch((error: unknown) => {
      console.error('Automation Hub: quitting failed:', error);
      phase = 'open';
    });
  });
}
