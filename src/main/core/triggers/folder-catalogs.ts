import path from 'node:path';
import type { WatchedFilesStore } from '../store/watched-files-types';
import { createNameFilter } from './file-names';
import { type CatalogSubscriber, type CatalogTiming, FolderCatalog } from './folder-catalog';

/** The backstop rescan's period (see FolderCatalogs). */
export const DEFAULT_RESCAN_MS = 5 * 60_000;
/** How often a missing watched folder is looked for: "within seconds" of it appearing, for one stat. */
export const DEFAULT_MISSING_CHECK_MS = 1_000;

/** What a trigger watches; triggers that agree on it share a catalog. */
export interface WatchedFiles {
  folder: string;
  pattern: string;
  recursive: boolean;
}

/** The identity of a catalog, also its key on disk. */
export function catalogKey(files: WatchedFiles): string {
  return JSON.stringify([files.folder, files.pattern, files.recursive]);
}

/**
 * A hub's folder catalogs, one per (folder, pattern, subfolders), shared by every file trigger on it and
 * stopped with the last one. The rescan, the backstop for events the OS dropped, runs every 5 minutes by
 * default: events are the fast path, and a rescan of a 10,000-file folder is one listing and 10,000 stats,
 * whatever the number of triggers on it.
 */
export class FolderCatalogs {
  readonly #catalogs = new Map<string, FolderCatalog>();
  readonly #timing: CatalogTiming;

  constructor(
    private readonly store: WatchedFilesStore,
    timing: Partial<CatalogTiming> = {},
  ) {
    this.#timing = {
      rescanEveryMs: timing.rescanEveryMs ?? DEFAULT_RESCAN_MS,
      missingCheckMs: timing.missingCheckMs ?? DEFAULT_MISSING_CHECK_MS,
    };
  }

  /** Joins (or starts) the catalog of `files`; `leave` stops it when no trigger is left. */
  join(
    files: WatchedFiles,
    subscriber: CatalogSubscriber,
  ): { catalog: FolderCatalog; leave(): Promise<void> } {
    const key = catalogKey(files);
    let catalog = this.#catalogs.get(key);
    if (!catalog) {
      const nameWanted = createNameFilter(files.pattern);
      catalog = new FolderCatalog(
        {
          key,
          folder: files.folder,
          recursive: files.recursive,
          isWanted: (file) =>
            (files.recursive || path.dirname(file) === files.folder) && nameWanted(path.basename(file)),
        },
        this.store,
        this.#timing,
      );
      this.#catalogs.set(key, catalog);
    }
    const joined = catalog;
    joined.add(subscriber);
    let left = false;
    return {
      catalog: joined,
      leave: async () => {
        if (left) return;
        left = true;
        if (!joined.remove(subscriber)) return;
        if (this.#catalogs.get(key) === joined) this.#catalogs.delete(key);
        await joined.stop();
      },
    };
  }
}
