import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { monotonicNow } from '../clock/monotonic';

/** Size and mtime: what "unchanged" means for a file being written. */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
}

/** Files waiting to stop changing. One timer for all of them, none when nothing is arriving. */
export interface StabilityTracker {
  /** A file was seen (event or rescan): restart its quiet period from this snapshot. */
  submit(file: string, snapshot?: FileSnapshot): void;
  /** The file went away (unlink): forget it. */
  cancel(file: string): void;
  /** Whether the file is waiting; rescans leave those alone. */
  has(file: string): boolean;
  /** Forget everything (stop). */
  clear(): void;
}

interface Pending {
  /** When its quiet period ends (monotonicNow()). */
  due: number;
  snapshot: FileSnapshot | undefined;
  /** Its stat is under way. */
  checking: boolean;
}

/** Files stat-ed at once when many come due together. */
const CHECK_SLICE = 256;

/**
 * Our own write-finish check, because chokidar's awaitWriteFinish is unreliable on SMB (size is reserved up
 * front) and skipped for files present at start. A file is stable when a stat `stableMs` after the
 * last event or stat shows the same size and mtime; then `onStable` gets the final stats, once.
 *
 * One timer serves every waiting file: they are kept in the order of their last (re-)arm, which is the order
 * they come due in while `stableMs` stays the same (when it shrinks, a later file waits for the one before it:
 * later, never sooner). A folder of 10,000 files written just before the hub first looked used to arm 10,000
 * timers and start 10,000 stats at once (12 MB that outlived the start); due files are now read 256 at a time.
 */
export function createStabilityTracker(options: {
  /** Read at every (re-)arm: triggers sharing a folder settle files at the shortest of their periods. */
  stableMs: () => number;
  onStable: (file: string, stats: Stats) => void;
}): StabilityTracker {
  const pending = new Map<string, Pending>();
  let timer: NodeJS.Timeout | null = null;
  let timerDue = Number.POSITIVE_INFINITY;
  let draining = false;

  const arm = (file: string, snapshot: FileSnapshot | undefined) => {
    pending.delete(file); // to the end: the order is the order of arming
    pending.set(file, { due: monotonicNow() + options.stableMs(), snapshot, checking: false });
    wake();
  };

  /** The timer, set for the first file waiting; while due files are being read, the reading sets it after. */
  function wake(): void {
    if (draining) return;
    for (const entry of pending.values()) {
      if (entry.checking) continue;
      if (timer && timerDue <= entry.due) return;
      if (timer) clearTimeout(timer);
      timerDue = entry.due;
      timer = setTimeout(() => void drain(), Math.max(0, entry.due - monotonicNow()));
      return;
    }
  }

  async function drain(): Promise<void> {
    timer = null;
    timerDue = Number.POSITIVE_INFINITY;
    draining = true;
    try {
      for (;;) {
        const now = monotonicNow();
        const due: [string, Pending][] = [];
        for (const [file, entry] of pending) {
          if (entry.checking) continue;
          if (entry.due > now || due.length === CHECK_SLICE) break;
          entry.checking = true;
          due.push([file, entry]);
        }
        if (due.length === 0) return;
        await Promise.all(due.map(([file, entry]) => check(file, entry)));
      }
    } finally {
      draining = false;
      wake();
    }
  }

  async function check(file: string, entry: Pending): Promise<void> {
    let stats: Stats;
    try {
      stats = await stat(file);
    } catch {
      // Gone (renamed or deleted while being written): whatever it became will be seen under its new name.
      if (pending.get(file) === entry) pending.delete(file);
      return;
    }
    // A newer event re-armed the file while we were reading (or it was cancelled): that arm owns it now.
    if (pending.get(file) !== entry) return;
    if (!stats.isFile()) {
      pending.delete(file);
      return;
    }
    if (entry.snapshot && entry.snapshot.size === stats.size && entry.snapshot.mtimeMs === stats.mtimeMs) {
      pending.delete(file);
      options.onStable(file, stats);
      return;
    }
    arm(file, { size: stats.size, mtimeMs: stats.mtimeMs });
  }

  return {
    submit(file, snapshot) {
      arm(file, snapshot && { size: snapshot.size, mtimeMs: snapshot.mtimeMs });
    },
    cancel(file) {
      pending.delete(file);
    },
    has: (file) => pending.has(file),
    clear() {
      if (timer) clearTimeout(timer);
      timer = null;
      timerDue = Number.POSITIVE_INFINITY;
      pending.clear();
    },
  };
}
