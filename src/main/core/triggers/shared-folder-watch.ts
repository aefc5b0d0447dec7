import type { Stats } from 'node:fs';
import { type FSWatcher, watch } from 'chokidar';

/** What a trigger needs from a folder watch. */
export interface FolderSubscriber {
  onChange(file: string, stats?: Stats): void;
  onUnlink(file: string): void;
  /** A folder went away (the watched folder itself included: it may come back as a new one). */
  onUnlinkDir(folder: string): void;
  onError(error: unknown): void;
}

/** One trigger's share of a watch. */
export interface FolderSubscription {
  /** Resolves once the watch is ready (at once for a watch that already was). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Everything that decides which events a watch delivers: triggers that agree on all of it can share one. */
export interface WatchSpec {
  folder: string;
  recursive: boolean;
  polling: boolean;
  pollIntervalMs: number;
  /** Names what `isWanted` accepts (folder, pattern, subfolders): part of the key, as it filters the watch. */
  filterKey: string;
  isWanted(file: string): boolean;
}

interface SharedWatch {
  watcher: FSWatcher;
  ready: Promise<void>;
  subscribers: Set<FolderSubscriber>;
}

const watches = new Map<string, SharedWatch>();

/**
 * chokidar watches every file of a folder individually (an fs.watch and a stat each), so a watcher per trigger
 * on a folder of 10,000 files costs 10,000 watches per trigger. Within a hub, a folder catalog already serves
 * every trigger on its (folder, pattern); this shares the watcher further, between catalogs of hubs in one
 * process (tests, benchmarks). The key includes the pattern: chokidar's `ignored` filter is applied once per
 * file, so a watch filtered for one pattern could never serve another.
 */
export function subscribeFolder(spec: WatchSpec, subscriber: FolderSubscriber): FolderSubscription {
  const key = JSON.stringify([
    spec.folder,
    spec.recursive,
    spec.polling,
    spec.pollIntervalMs,
    spec.filterKey,
  ]);
  let shared = watches.get(key);
  if (!shared) {
    const subscribers = new Set<FolderSubscriber>();
    const watcher = watch(spec.folder, {
      ignoreInitial: true, // the trigger's scan before watching covers what is already there
      depth: spec.recursive ? undefined : 0,
      usePolling: spec.polling,
      interval: spec.pollIntervalMs,
      binaryInterval: spec.pollIntervalMs,
      awaitWriteFinish: false, // unreliable on SMB and skipped at start: file-stability.ts does it
      alwaysStat: true,
      // Never leave the folder: a link to /usr or a link loop would otherwise be walked (and watched) whole.
      // Links are still reported as entries, with their own (lstat) stats; the catalog checks where they lead.
      followSymlinks: false,
      // Never watch files that cannot match: when polling, every watched file is stat'ed every interval.
      ignored: (file, stats) => stats?.isFile() === true && !spec.isWanted(file),
    });
    const each = (fn: (s: FolderSubscriber) => void) => {
      for (const s of subscribers) fn(s);
    };
    watcher
      .on('add', (file, stats) => each((s) => s.onChange(file, stats)))
      .on('change', (file, stats) => each((s) => s.onChange(file, stats)))
      .on('unlink', (file) => each((s) => s.onUnlink(file)))
      .on('unlinkDir', (folder) => each((s) => s.onUnlinkDir(folder)))
      .on('error', (error) => each((s) => s.onError(error)));
    const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    shared = { watcher, ready, subscribers };
    watches.set(key, shared);
  }
  const current = shared;
  current.subscribers.add(subscriber);
  return {
    ready: current.ready,
    async close() {
      current.subscribers.delete(subscriber);
      if (current.subscribers.size > 0) return;
      if (watches.get(key) === current) watches.delete(key);
      await current.watcher.close();
    },
  };
}
