/**
 * Waits `ms` without returning to the event loop: for the few places that must finish what they started before
 * anything else runs (a rename Windows refused for a moment, a line to a pipe whose reader is behind).
 */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
