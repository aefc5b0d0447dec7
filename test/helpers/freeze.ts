import { sleepSync } from '../../src/main/core/sleep-sync';

/**
 * Blocks this process's event loop for `ms` while the monotonic clock runs on: what a machine asleep looks like to
 * a program on Windows, where the monotonic clock counts the time in suspend (its timers fire late, all at once).
 */
export function freezeEventLoop(ms: number): void {
  sleepSync(ms);
}
