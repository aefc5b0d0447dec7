import path from 'node:path';
import { makePrivateDirSync } from '../private-files';

/** Folder name under %APPDATA% on Windows, where users expect an app's product name. */
const WINDOWS_FOLDER = 'Automation Hub';
/** Folder name under ~/.config elsewhere, where names are lower-case by convention. */
const POSIX_FOLDER = 'automation-hub';

/**
 * Where the hub keeps its data when the user did not pass `--data`. Pure (env, platform and home are
 * arguments) so that every platform's answer can be tested on any machine.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  const override = env.AUTOMATION_HUB_HOME?.trim();
  if (override) return override;
  if (platform === 'win32') {
    // APPDATA is always set in a user session; the fallback covers services started with a bare environment.
    const appData = env.APPDATA?.trim() || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, WINDOWS_FOLDER);
  }
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, POSIX_FOLDER);
}

/** The folders inside a data directory, named once so that no module builds these paths itself. */
export interface DataLayout {
  /** The data directory itself (absolute); holds settings.json and hub.lock. */
  readonly root: string;
  /** Job files (*.json) the library loads. */
  readonly jobsDir: string;
  /** One log file per run; pruned by log-pruner. */
  readonly logsDir: string;
  /** Machine-written state: history, runs in progress, watched folders and waiting files. Not for hand edits. */
  readonly stateDir: string;
}

/** The layout of a data directory, without touching the disk (for tests and for messages). */
export function dataLayout(root: string): DataLayout {
  // Absolute, so that paths in messages and in the run journal stay valid if the working directory changes.
  const absolute = path.resolve(root);
  return {
    root: absolute,
    jobsDir: path.join(absolute, 'jobs'),
    logsDir: path.join(absolute, 'logs'),
    stateDir: path.join(absolute, 'state'),
  };
}

/** Creates the data directory and its folders if missing (first start, or the user deleted one). */
export async function ensureDataDir(root: string): Promise<DataLayout> {
  const layout = dataLayout(root);
  // Private to the user (POSIX; ignored on Windows, where the profile's ACLs already are): logs can hold
  // whatever secrets jobs print, and whoever can write jobs/ can run programs as this user. The folders only the
  // hub writes (logs, state) are made private even when they already existed (an older version left them 755).
  // Synchronously: this runs once, before the hub serves anything, and each of its dozen calls through the
  // thread pool cost a round trip of its own (about 2 ms of every command that opens a hub).
  for (const dir of [layout.root, layout.jobsDir]) makePrivateDirSync(dir);
  for (const dir of [layout.logsDir, layout.stateDir]) makePrivateDirSync(dir, { tighten: true });
  return layout;
}
