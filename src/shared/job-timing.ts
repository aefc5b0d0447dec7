// The numbers job files are judged and run by, apart from the schema: the engine, which only needs the numbers,
// does not load the schema library with them.

/** Upper bound for any timeout or threshold in minutes: 31 days. Anything longer is a typo, not a plan. */
export const MAX_MINUTES = 31 * 24 * 60;

/** The default when `timeoutMinutes` is 0 or absent. */
export const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * The timeout a run gets: the job's `timeoutMinutes`, or the hub's default when that is 0 or absent, or 60 when
 * neither says. The one place this rule lives: execution, the window, `jobs` and the drop preview all ask here.
 */
export function effectiveTimeoutMinutes(timeoutMinutes: number | undefined, defaultMinutes?: number): number {
  return timeoutMinutes || defaultMinutes || DEFAULT_TIMEOUT_MINUTES;
}

/** The startup window: a failing exit within it is a startup failure. */
export const DEFAULT_STARTUP_SECONDS = 5;
