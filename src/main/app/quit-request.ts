import { app } from 'electron';

/** What became of a quit request. */
export type QuitRequestOutcome = 'asked' | 'none-running';

/**
 * Asks the Automation Hub app running for this user to quit cleanly, as its Quit menu does: the jobs'
 * process trees are stopped and their runs recorded as cancelled. The installer and uninstaller call it by
 * starting `Automation Hub.exe --quit` before they replace or remove files (build/installer.nsh), then wait
 * for the app's process to end. This process never starts a hub of its own.
 *
 * The request travels on the single-instance lock's channel: the running app receives this process's
 * argv (with --quit) in its `second-instance` event. When the hub's own local channel exists it replaces
 * this body: one `quit` request to the hub, answered once the hub has closed.
 */
export function requestRunningAppQuit(argv: readonly string[]): QuitRequestOutcome {
  // Holding the lock means no app was running; the process exits at once and releases it.
  return app.requestSingleInstanceLock({ argv: [...argv] }) ? 'none-running' : 'asked';
}
