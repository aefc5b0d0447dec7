import path from 'node:path';

/** Passed by the login item: start in the tray without opening the window. */
export const HIDDEN_FLAG = '--hidden';

/**
 * Passed by the installer and uninstaller: ask the running app to quit cleanly (jobs stopped and recorded)
 * before its files are replaced or removed. Never starts an app.
 */
export const QUIT_FLAG = '--quit';

/** What a command line asks of the app: `Automation Hub.exe [--hidden] [job.json]` or `… --quit`. */
export interface LaunchRequest {
  /** Absolute path of a job file to run, or null. */
  jobFile: string | null;
  /** Started by the login item: stay in the tray. */
  hidden: boolean;
  /** The installer asks the running app to quit. */
  quit: boolean;
}

export interface LaunchContext {
  /** The launching process's working directory (relative job paths are resolved against it). */
  cwd: string;
  platform: NodeJS.Platform;
  /**
   * True when running unpackaged (`electron .`, process.defaultApp): then argv[1] is the app's path, not an
   * argument of ours.
   */
  defaultApp: boolean;
}

/**
 * Reads a launch command line. argv[0] is the executable (and argv[1] the app path when unpackaged); flags
 * (ours, Electron's and the `--switch=value` ones Chromium appends to a second instance's argv) are skipped;
 * the job file is the first remaining argument ending in `.json`. Anything else (a shortcut's stray argument,
 * a `.txt` dropped on the exe) is ignored rather than run.
 */
export function parseLaunchArgs(argv: readonly string[], context: LaunchContext): LaunchRequest {
  const args = argv.slice(context.defaultApp ? 2 : 1).map(unquote);
  const hidden = args.some((arg) => arg.toLowerCase() === HIDDEN_FLAG);
  const quit = args.some((arg) => arg.toLowerCase() === QUIT_FLAG);
  const candidate = args.find((arg) => !isFlag(arg) && arg.toLowerCase().endsWith('.json'));
  const paths = context.platform === 'win32' ? path.win32 : path.posix;
  return { jobFile: candidate ? paths.resolve(context.cwd, candidate) : null, hidden, quit };
}

/**
 * The argv of a second instance. Electron's docs warn that the `argv` the first instance receives may be
 * reordered and extended by Chromium, so the second instance also sends its own argv as additionalData;
 * that one wins when it is a well-formed list of strings.
 */
export function secondInstanceArgv(argv: readonly string[], additionalData: unknown): readonly string[] {
  const sent = (additionalData as { argv?: unknown } | null | undefined)?.argv;
  if (
    Array.isArray(sent) &&
    sent.length > 0 &&
    sent.length < 100 &&
    sent.every((a) => typeof a === 'string')
  ) {
    return sent as string[];
  }
  return argv;
}

// Windows hands `"C:\My Jobs\a.json"` over unquoted, but a hand-written shortcut may keep the quotes.
function unquote(arg: string): string {
  const trimmed = arg.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

function isFlag(arg: string): boolean {
  return arg.startsWith('-');
}

/**
 * Whether a launch opens the window: a plain start does (the user clicked the app), a login start
 * (--hidden) stays in the tray, and a start with a job file opens it on that file's preview instead (nothing runs
 * until the user presses Run there), which app-shell does itself.
 */
export function showsWindow(request: LaunchRequest): boolean {
  return !request.hidden && !request.quit && request.jobFile === null;
}
