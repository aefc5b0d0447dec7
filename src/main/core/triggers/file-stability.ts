import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Size and mtime: what "unchanged" means for a file being written. */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
}

/** Files waiting to stop changing. One timer per file being written, none when nothing is arriving. */
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
  timer: NodeJS.Timeout;
  snapshot: FileSnapshot | undefined;
}

/**
 * Our own write-finish check, because chokidar's awaitWriteFinish is unreliable on SMB (size is reserved up
 * front) and skipped for files present at start. A file is stable when a stat `stableMs` after the
 * last event or stat shows the same size and mtime; then `onStable` gets the final stats, once.
 */
export function createStabilityTracker(options: {
  /** Read at every (re-)arm: triggers sharing a folder settle files at the shortest of their periods. */
  stableMs: () => number;
  onStable: (file: string, stats: Stats) => void;
}): StabilityTracker {
  const pending = new Map<string, Pending>();

  const arm = (file: string, snapshot: FileSnapshot | undefined) => {
    const entry: Pending = { snapshot, timer: setTimeout(() => void check(file, entry), options.stableMs()) };
    pending.set(file, entry);
  };

  async function check(file: string, entry: Pending): Promise<void> {
    let stats: Stats;
    try {
      stats = await stat(file);
    } catch {
      // Gone (renamed or deleted while being written): whatever it became will be seen under its new name.
      if (pending.get(file) === entry) pending.delete(file);
      return;
    }
    // A newer event re-armed the file while we were reading: that timer owns it now.
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
      const existing = pending.get(file);
      if (existing) clearTimeout(existing.timer);
      arm(file, snapshot && { size: snapshot.size, mtimeMs: snapshot.mtimeMs });
    },
    cancel(file) {
      const existing = pending.get(file);
      if (existing) clearTimeout(existing.timer);
      pending.delete(file);
    },
    has: (file) => pending.has(file),
    clear() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}
