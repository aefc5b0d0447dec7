/**
 * Milliseconds on the clock `performance.now()` reads (libuv's monotonic clock: it never jumps with the wall
 * clock), from an arbitrary origin. The global `performance` loads perf_hooks and eight modules behind it on
 * first use (~1 ms of every command's start); this reads the clock directly.
 */
export function monotonicNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
