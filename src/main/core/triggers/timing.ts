/**
 * Longest single timer the interval trigger arms (croner caps its own at the same 30 s). A setTimeout counts
 * monotonic time, and on some platforms the monotonic clock stands still while the machine sleeps, so one long
 * timer would fire late by the whole sleep; re-reading the wall clock every 30 s bounds that error.
 */
export const MAX_TIMER_MS = 30_000;

/**
 * A due time that comes around later than this is a missed run, not a late one: the machine slept, the clock
 * jumped or the process was frozen. Sources then do not fire; the hub's missed-run path (missedRunTimes +
 * decideMissed, driven by clock-watch or the OS resume event) applies the job's `missedRuns` policy instead, so
 * "skip" is honoured. 90 s = clock-watch's default check period + tolerance: any gap that long is one it reports.
 */
export const DEFAULT_LATE_TOLERANCE_MS = 90_000;
