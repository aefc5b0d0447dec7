/** How much log text the run detail keeps while streaming; older text is dropped from the top. */
export const LIVE_LOG_MAX_CHARS = 512 * 1024;

/**
 * Joins a log snapshot (readLog) with live output that arrived around it. run-output events carry no
 * offset, and the hub batches output, so the first batch after a snapshot may repeat the snapshot's last
 * lines: the longest run of whole lines that ends the snapshot and starts the new text is dropped.
 * (The detail reads the tail again when the run ends, so a wrong guess lasts only while the run is live.)
 */
export function joinAtSeam(snapshot: string, arrived: string): string {
  if (!snapshot.endsWith('\n')) return snapshot + arrived;
  let start = snapshot.length - arrived.length;
  if (start <= 0) start = 0;
  else {
    const newline = snapshot.lastIndexOf('\n', start - 1);
    start = newline + 1;
  }
  // Line starts from the oldest candidate on: the first that matches is the longest overlap.
  while (start < snapshot.length) {
    const tail = snapshot.slice(start);
    if (arrived.startsWith(tail)) return snapshot + arrived.slice(tail.length);
    const next = snapshot.indexOf('\n', start);
    start = next + 1;
  }
  return snapshot + arrived;
}

/** Appends live output, keeping at most LIVE_LOG_MAX_CHARS (cut at a line start when possible). */
export function appendBounded(text: string, more: string): { text: string; cut: boolean } {
  const joined = text + more;
  if (joined.length <= LIVE_LOG_MAX_CHARS) return { text: joined, cut: false };
  let start = joined.length - LIVE_LOG_MAX_CHARS;
  const newline = joined.indexOf('\n', start);
  if (newline !== -1 && newline - start < 4096) start = newline + 1;
  return { text: joined.slice(start), cut: true };
}
