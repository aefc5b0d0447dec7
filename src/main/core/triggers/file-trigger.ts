import path from 'node:path';
import type { FileTrigger } from '../../../shared/job-schema';
import type { WaitingFile, WatchedFilesStore } from '../store/watched-files-types';
import { fireSafely } from './fire-safely';
import type { CatalogSubscriber } from './folder-catalog';
import { catalogKey, type FolderCatalogs } from './folder-catalogs';
import { statFile } from './list-files';
import type { FireHandler, TriggerErrorHandler, TriggerSource } from './types';

export interface FileTriggerOptions {
  /** A relative `def.path` resolves against this (the job file's folder). */
  baseDir: string;
  /** The job the trigger belongs to: its waiting files and its memory of arrivals are kept under it. */
  jobName: string;
  /** The hub's folder catalogs, shared by every trigger on a folder. */
  catalogs: FolderCatalogs;
  /** Where the trigger's watermark and waiting files are kept. */
  store: WatchedFilesStore;
  /** chokidar's poll period when `def.polling`. Default 2 s: network shares are slow, and the rescan backs it up. */
  pollIntervalMs?: number;
  /** Where the trigger sits in the job file, e.g. `triggers[0]`; prefixes messages. */
  field?: string;
  /** Told about problems (missing folder, watcher errors, a throwing handler); the trigger keeps going. */
  onError?: TriggerErrorHandler;
  /** Whether an earlier version of the hub already ran this arrival of a file (upgrades; see earlier-handled-files). */
  handledBefore?: (absolutePath: string, size: number, mtimeMs: number) => boolean;
}

/** A file trigger as the hub holds it. */
export interface FileTriggerSource extends TriggerSource {
  /** The key its memory is kept under (job and what it watches). */
  readonly key: string;
  /**
   * Resolves once what the trigger finds in the folder is decided: at once when it watched this folder before
   * (anything that changes from now on is compared with the record, and arrives), after the folder's first look
   * otherwise (which files count as already there).
   */
  readonly looked: Promise<void>;
  /** Resolves once, in addition, the folder's watch is up (chokidar's own scan of a big folder takes seconds). */
  readonly watching: Promise<void>;
}

/** How long a waiting-list write that failed (a full disk) waits before it is tried again. */
const RETRY_MS = 5_000;

/**
 * Turns a folder's arrivals (see FolderCatalog) into the job's waiting files, once each and in arrival order.
 * Each trigger keeps a watermark over the folder's arrival numbers: everything up to it was taken, so the
 * memory per trigger is one number however big the folder, and arrivals that came while the trigger was not
 * armed (hub stopped, job disabled, triggers paused) are taken when it is armed again.
 *
 * `processExisting` decides only at the first watch of the folder by this trigger, i.e. when the store holds no
 * watermark for the key (job name, folder, pattern, subfolders): false starts the watermark at the folder's
 * newest arrival (what is there stays alone), true at zero (everything there runs). Renaming the job or changing
 * what it watches is a first watch again. A file is on the waiting list (on disk) before `onFire` hears of it;
 * the hub takes it off once a run for it has ended. Waiting files from before a restart are announced again.
 */
export function createFileTrigger(
  def: FileTrigger,
  onFire: FireHandler,
  options: FileTriggerOptions,
): FileTriggerSource {
  const folder = path.resolve(options.baseDir, def.path);
  const files = { folder, pattern: def.pattern, recursive: def.recursive };
  const key = JSON.stringify([options.jobName, catalogKey(files)]);
  const { store } = options;
  const field = options.field ?? 'trigger';
  const report = (message: string) => options.onError?.(`${field}.path: ${message}`);
  const stableMs = def.stableSeconds * 1000;

  let seen = 0;
  let taking = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** Arrivals not taken yet, by arrival number; `due` holds back a trigger that settles slower than the catalog. */
  const queue: { seq: number; name: string; due: number }[] = [];
  /** Waiting files from before a restart whose file is still settling: announced once that is decided. */
  let held: WaitingFile[] = [];
  /** Arrivals passed over because their file was changing again, by name: taken if it settles as a touch. */
  const revisit = new Map<string, number>();

  const subscriber: CatalogSubscriber = {
    stableMs,
    polling: def.polling,
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    onArrival(seq, name) {
      if (!taking || stopped) return;
      revisit.delete(name);
      enqueue(seq, name, Date.now() + Math.max(0, stableMs - catalog.stableMs));
      pump();
    },
    onSettled(name) {
      if (!taking || stopped) return;
      const seq = revisit.get(name);
      revisit.delete(name);
      if (seq !== undefined && catalog.known(name)?.seq === seq) take(seq, catalog.absolute(name));
      announceHeld();
      pump();
    },
    onProblem: report,
  };
  const { catalog, leave } = options.catalogs.join(files, subscriber);

  const enqueue = (seq: number, name: string, due: number) => {
    if (seq <= seen || queue.some((q) => q.seq === seq)) return;
    const at = queue.findIndex((q) => q.seq > seq);
    queue.splice(at === -1 ? queue.length : at, 0, { seq, name, due });
  };

  const fire = (waiting: WaitingFile) =>
    fireSafely(
      onFire,
      { trigger: { kind: 'file', detail: waiting.file }, file: waiting.file, waiting: waiting.id },
      options.onError,
    );

  /** Takes arrivals in order: each goes on the waiting list (on disk), then to the hub. */
  function pump(): void {
    clearTimeout(timer);
    while (!stopped && queue.length > 0) {
      const head = queue[0] as (typeof queue)[number];
      const known = catalog.known(head.name);
      if (!known || known.seq !== head.seq) {
        // Arrived again (or deleted) since: the newer arrival, if any, is further down the queue.
        queue.shift();
        seen = Math.max(seen, head.seq);
        continue;
      }
      const file = catalog.absolute(head.name);
      const slower = head.due > 0 && stableMs > catalog.stableMs;
      if (catalog.isUndecided(head.name) || slower) {
        const now = statFile(file);
        if (typeof now === 'string' || now.size !== known.size || now.mtimeMs !== known.mtimeMs) {
          // Changing again: it arrives anew once it settles, and must not hold back the files behind it.
          // Should it settle unchanged in content (a touch), it keeps this arrival: taken then.
          queue.shift();
          seen = Math.max(seen, head.seq);
          revisit.set(head.name, head.seq);
          continue;
        }
        if (catalog.isUndecided(head.name)) return; // a first-look check, decided within the settle period
      }
      const wait = head.due - Date.now();
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
      if (!take(head.seq, file)) return;
      queue.shift();
      seen = Math.max(seen, head.seq);
    }
  }

  /** Puts an arrival on the waiting list (on disk) and tells the hub; false (and a retry) if it cannot be saved. */
  function take(seq: number, file: string): boolean {
    try {
      // Older arrivals of the same file that never started a run are covered by this one.
      for (const old of store.waiting({ trigger: key })) {
        if (old.file === file && old.runId === null) store.finish(old.id);
      }
      const waiting = store.addWaiting({
        trigger: key,
        job: options.jobName,
        seq,
        file,
        since: new Date().toISOString(),
      });
      fire(waiting);
      return true;
    } catch (error) {
      report(`could not save that ${file} arrived (${messageOf(error)}); retrying`);
      clearTimeout(timer);
      timer = setTimeout(pump, RETRY_MS);
      return false;
    }
  }

  /** Waiting files from before: announced again unless their file has arrived anew or is gone. */
  function announceHeld(): void {
    const still: WaitingFile[] = [];
    for (const waiting of held) {
      const name = catalog.nameOf(waiting.file);
      if (catalog.isUndecided(name)) {
        still.push(waiting);
        continue;
      }
      const known = catalog.known(name);
      if (waiting.runId === null && (!known || known.seq !== waiting.seq)) {
        if (!known) report(`${waiting.file} was removed before it could run`);
        finishQuietly(waiting.id);
        continue;
      }
      fire(waiting);
    }
    held = still;
  }

  const finishQuietly = (id: number) => {
    try {
      store.finish(id);
    } catch (error) {
      report(`could not update the waiting list: ${messageOf(error)}`);
    }
  };

  const firstWatch = !catalog.seenBefore || store.seen(key) === undefined;
  const started = catalog.ready.then(() => {
    if (stopped) return;
    const remembered = store.seen(key);
    seen = remembered ?? (def.processExisting ? 0 : catalog.maxSeq);
    if (remembered === undefined) {
      try {
        store.setSeen(key, seen);
      } catch (error) {
        report(`could not save the first watch of ${folder} (${messageOf(error)})`);
      }
    }
    taking = true;
    held = store.waiting({ trigger: key });
    announceHeld();
    for (const [seq, name] of catalog.arrivalsAfter(seen)) {
      // A first watch that takes what is there (processExisting) leaves out what an earlier version already ran.
      const known = remembered === undefined ? catalog.known(name) : undefined;
      if (known && options.handledBefore?.(catalog.absolute(name), known.size, known.mtimeMs)) continue;
      enqueue(seq, name, 0);
    }
    pump();
  });

  return {
    key,
    looked: firstWatch ? started : Promise.resolve(),
    watching: Promise.all([started, catalog.watching]).then(() => {}),
    description: describeFileTrigger(def, folder),
    nextRun: () => null,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await leave();
    },
  };
}

function describeFileTrigger(def: FileTrigger, folder: string): string {
  const extras = [def.recursive && 'with subfolders', def.polling && 'polling'].filter(Boolean);
  return `files "${def.pattern}" in ${folder}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
