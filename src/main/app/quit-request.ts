import { app } from 'electron';
import { connectToHub } from '../core/channel/channel-client';

/** What became of a quit request. */
export type QuitRequestOutcome = 'asked' | 'none-running';

// The app answers at once and then quits the usual way; the installer waits for its process to end.
const ANSWER_MS = 5000;

/**
 * Asks the Automation Hub app running for this user to quit cleanly, as its Quit menu does: the jobs'
 * process trees are stopped and their runs recorded as cancelled. The installer and uninstaller call it by
 * starting `Automation Hub.exe --quit` before they replace or remove files (build/installer.nsh), then wait
 * for the app's process to end. This process never starts a hub of its own.
 *
 * The request goes to the hub's local channel when the app owns the data folder (a daemon or a command-line
 * run that owns it is left alone: an upgrade of the app is none of their business); otherwise, and for an app
 * whose channel does not answer, over the single-instance lock: the running app receives this process's argv
 * (with --quit) in its `second-instance` event.
 */
export async function requestRunningAppQuit(
  argv: readonly string[],
  dataDir: string,
): Promise<QuitRequestOutcome> {
  const client = await connectToHub(dataDir).catch(() => null);
  if (client?.info.host === 'app') {
    const answered = await Promise.race([
      client.call('quit').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ANSWER_MS).unref()),
    ]);
    client.close();
    if (answered) return 'asked';
  } else client?.close();
  // Holding the lock means no app was running; the process exits at once and releases it.
  return app.requestSingleInstanceLock({ argv: [...argv] }) ? 'none-running' : 'asked';
}
