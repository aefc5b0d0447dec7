import { errorText } from '../../../shared/error-text';
import type { HubErrorCode } from '../../core/errors';
import { PRODUCT_NAME } from './app-identity';

/** What the dialog says when the hub cannot open its data folder; the app quits after it. */
export interface StartupErrorText {
  title: string;
  content: string;
}

/**
 * The common case is 'data-dir-locked': the CLI daemon (or another copy of the app under a different
 * user name for the same folder) owns the data folder, and two hubs on one folder would run every job twice.
 */
export function startupErrorText(error: unknown, dataDir: string): StartupErrorText {
  const message = errorText(error);
  const code = (error as { code?: HubErrorCode } | null)?.code;
  if (code === 'data-dir-locked') {
    return {
      title: `${PRODUCT_NAME} is already running`,
      // The hub's message names the owner and the folder; this adds why the app stops and what to do.
      content: `${message}\n\nTwo hubs on one data folder would run every job twice, so ${PRODUCT_NAME} quits now. Stop the other one (e.g. "automation-hub daemon"), then start ${PRODUCT_NAME} again.`,
    };
  }
  return {
    title: `${PRODUCT_NAME} could not start`,
    content: `${message}\n\nData folder: ${dataDir}`,
  };
}

/** What the app tells the user when a job file given on the command line could not be started. */
export function launchJobErrorText(jobFile: string, error: unknown): StartupErrorText {
  return { title: `${PRODUCT_NAME} could not run ${jobFile}`, content: errorText(error) };
}

/** A run asked for (tray, job file on the command line) that the hub did not start: skipped, or refused. */
export function notStartedText(ticket: { jobName: string; message: string }): StartupErrorText {
  return { title: `${ticket.jobName} did not start`, content: ticket.message };
}

/** A folder the app needs (its data folder, Chromium's) could not be created: the app cannot start. */
export function folderErrorText(folder: string, error: unknown): StartupErrorText {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: `${PRODUCT_NAME} could not start`,
    content: `It could not create or use the folder ${folder}: ${reason}\n\nCheck that the folder (or a file of the same name) is not in the way and that you may write there, then start ${PRODUCT_NAME} again.`,
  };
}
