import { lstatSync, type Stats } from 'node:fs';
import { watchFolderEvents } from './folder-events';
import { subscribeFolder } from './shared-folder-watch';

/** What a catalog watches, and how. */
export interface CatalogWatchSpec {
  folder: string;
  recursive: boolean;
  /** Names what `isWanted` accepts; polling watches are shared between hubs of one process under it. */
  filterKey: string;
  isWanted(file: string): boolean;
  /** Poll every so many ms (network shares), or null for the OS's change events. */
  pollIntervalMs: number | null;
}

/** What a catalog hears from its watch. */
export interface CatalogWatchHandlers {
  /** A file was created or written (stats when the watch has them; a link's are its own). */
  onChange(file: string, stats?: Stats): void;
  /** A file, or a folder inside the tree, is gone. */
  onGone(file: string): void;
  /** A folder appeared inside the tree: files may have landed in it before it was watched. */
  onFolderAppeared(): void;
  /** The watch cannot say what changed (or the watched folder itself went): look again. */
  onLost(error?: unknown): void;
}

/** A running watch of a catalog's folder. */
export interface CatalogWatch {
  ready: Promise<void>;
  /**
   * Whether it becomes ready only after the look that started it may have listed the folder (chokidar's own scan
   * when polling, subfolders watched one by one): what landed before it was up needs one more look.
   */
  lateReady: boolean;
  close(): Promise<void>;
}

/**
 * Watches a catalog's folder: the OS's change events, one watch per folder (folder-events.ts), or chokidar's
 * polling for network shares, where events are unreliable and each file is stat'ed every interval anyway.
 * Either way only hints come out: the catalog stats, settles and rescans on its own.
 */
export function startCatalogWatch(spec: CatalogWatchSpec, handlers: CatalogWatchHandlers): CatalogWatch {
  if (spec.pollIntervalMs !== null) {
    const polled = subscribeFolder(
      {
        folder: spec.folder,
        recursive: spec.recursive,
        polling: true,
        pollIntervalMs: spec.pollIntervalMs,
        filterKey: spec.filterKey,
        isWanted: spec.isWanted,
      },
      {
        onChange: handlers.onChange,
        onUnlink: handlers.onGone,
        onUnlinkDir: (folder) => {
          if (folder === spec.folder) handlers.onLost();
        },
        onError: handlers.onLost,
      },
    );
    return { ...polled, lateReady: true };
  }
  const events = watchFolderEvents(spec.folder, spec.recursive, {
    onLost: handlers.onLost,
    onHint(file) {
      let stats: Stats;
      try {
        stats = lstatSync(file);
      } catch {
        events.dropFolder(file);
        handlers.onGone(file);
        return;
      }
      if (!stats.isDirectory()) handlers.onChange(file, stats);
      else if (spec.recursive) {
        events.addFolder(file);
        handlers.onFolderAppeared();
      }
    },
  });
  return { ready: events.ready, close: () => events.close(), lateReady: spec.recursive && !events.native };
}

/**
 * A catalog's watch over time: started by a look (before it lists), restarted when the folder was re-created (a
 * watch on the old one is on a dead handle) or a trigger that polls joined, closed when the folder goes.
 * `onReady` is called once the current watch is up, saying whether one more look is needed (`lateReady`).
 */
export class CatalogWatcher {
  #watch: CatalogWatch | undefined;
  #pollIntervalMs: number | null = null;
  #folderId: string | undefined;
  #ready = false;

  constructor(
    private readonly spec: Omit<CatalogWatchSpec, 'pollIntervalMs'>,
    private readonly handlers: CatalogWatchHandlers & { onReady(lookAgain: boolean): void },
  ) {}

  /** Whether a watch is up (or was, before a restart): the catalog's `watching` promise waits for it. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Whether a look that found the folder as `folderId` must (re)start the watch. */
  needsStart(folderId: string, pollIntervalMs: number | null): boolean {
    return !this.#watch || this.#folderId !== folderId || this.#pollIntervalMs !== pollIntervalMs;
  }

  /** Whether a change of triggers asks for another kind of watch than the running one. */
  differs(pollIntervalMs: number | null): boolean {
    return this.#watch !== undefined && this.#pollIntervalMs !== pollIntervalMs;
  }

  start(folderId: string, pollIntervalMs: number | null): void {
    const watch = startCatalogWatch({ ...this.spec, pollIntervalMs }, this.handlers);
    this.#watch = watch;
    this.#pollIntervalMs = pollIntervalMs;
    this.#folderId = folderId;
    void watch.ready.then(() => {
      if (this.#watch !== watch) return;
      this.#ready = true;
      this.handlers.onReady(watch.lateReady);
    });
  }

  async close(): Promise<void> {
    const watch = this.#watch;
    this.#watch = undefined;
    this.#folderId = undefined;
    await watch?.close();
  }
}
