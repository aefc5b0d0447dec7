import { type FSWatcher, watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** What a folder's change events tell: hints only, the catalog looks (stat) before it believes anything. */
export interface FolderEventHandlers {
  /** Something may have changed at `file` (created, written, renamed or deleted; a file or a folder). */
  onHint(file: string): void;
  /** The OS could not say what changed (an unnamed event, a watch that failed): look at the folder again. */
  onLost(reason?: unknown): void;
}

/** A folder's event watch. */
export interface FolderEvents {
  /** Resolves once every folder of the tree is watched. */
  ready: Promise<void>;
  /** Whether the OS watches the whole tree (recursive on Windows and macOS); else one watch per folder. */
  native: boolean;
  /** A folder appeared inside the tree (recursive watches): watch it and everything below it. */
  addFolder(folder: string): void;
  /** A folder inside the tree is gone: drop its watches (one created again at the same path is new). */
  dropFolder(folder: string): void;
  close(): Promise<void>;
}

/** Platforms whose fs.watch watches a whole tree natively (ReadDirectoryChangesW, FSEvents). */
const NATIVE_RECURSIVE = new Set<NodeJS.Platform>(['win32', 'darwin']);

/**
 * Change events for a folder, one OS watch per folder (on Windows and macOS one per tree), never one per file:
 * chokidar watches every file on its own (an fs.watch, a stat kept, closures), which for a 10,000-file folder
 * is 10,000 inotify watches or directory handles and about 70 MB, to learn what a folder watch already
 * reports — a name that changed. The catalog stats that name, times it and rescans as a backstop; these events
 * only make it fast. Links are never followed: subfolders are found with readdir's types, where a link to a
 * folder is a link, not a folder.
 */
export function watchFolderEvents(
  folder: string,
  recursive: boolean,
  handlers: FolderEventHandlers,
  platform: NodeJS.Platform = process.platform,
): FolderEvents {
  const native = recursive && NATIVE_RECURSIVE.has(platform);
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const watchOne = (dir: string): boolean => {
    if (closed || watchers.has(dir)) return true;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true, recursive: native });
    } catch (error) {
      if (dir === folder) handlers.onLost(error);
      return false;
    }
    watcher.on('change', (_type, name) => {
      if (closed) return;
      if (name === null || name === undefined) handlers.onLost();
      else handlers.onHint(path.join(dir, name.toString()));
    });
    watcher.on('error', (error) => {
      // Typically the folder itself went away; whatever it was, only a new look can tell what is there now.
      watcher.close();
      watchers.delete(dir);
      if (!closed) handlers.onLost(error);
    });
    watchers.set(dir, watcher);
    return true;
  };

  /** Watches `dir` and, for a recursive watch without native support, every folder below it. */
  const watchTree = async (dir: string): Promise<void> => {
    if (!watchOne(dir) || !recursive || native) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // gone or unreadable: its parent's events and the rescans cover it
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await watchTree(path.join(dir, entry.name));
    }
  };

  return {
    ready: watchTree(folder),
    native,
    addFolder(dir) {
      if (recursive && !native && !closed) void watchTree(dir);
    },
    dropFolder(dir) {
      for (const [watched, watcher] of watchers) {
        if (watched === folder) continue;
        if (watched === dir || watched.startsWith(`${dir}${path.sep}`)) {
          watcher.close();
          watchers.delete(watched);
        }
      }
    },
    async close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
