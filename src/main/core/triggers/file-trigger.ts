import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { errorText } from '../../../shared/error-text';
import type { FileTrigger } from '../../../shared/job-schema';
import { arrivalKey } from './arrival-key';
import { createNameFilter } from './file-names';
import { createStabilityTracker } from './file-stability';
import { fireSafely } from './fire-safely';
import { listFiles } from './list-files';
import { type FolderSubscription, subscribeFolder } from './shared-folder-watch';
import type { FireHandler, TriggerErrorHandler, TriggerSource } from './types';

export interface FileTriggerOptions {
  /** A relative `def.path` resolves against this (the job file's folder). */
  baseDir: string;
  /** Arrival keys already run, persisted by the hub so that a restart does not run a file again. */
  handled: { has(key: string): boolean; add(key: string): void };
  /** Full rescan period, the backstop for events the OS dropped. Default 5 minutes (DEFAULT_RESCAN_MS). */
  rescanEveryMs?: number;
  /** chokidar's poll period when `def.polling`. Default 2 s: network shares are slow, and the rescan backs it up. */
  pollIntervalMs?: number;
  /** Where the trigger sits in the job file, e.g. `triggers[0]`; prefixes messages. */
  field?: string;
  /** Told about problems (missing folder, watcher errors, a throwing handler); the trigger keeps going. */
  onError?: TriggerErrorHandler;
}

/**
 * Fires once per file that arrives in a folder and then stops changing for `stableSeconds`. Three ways in, one
 * stability path: chokidar events, a startup scan (processExisting) and a periodic rescan for events the OS
 * dropped. Exactly once per arrival via `handled` (see arrival-key.ts). A missing folder is reported and
 * retried on every rescan, so watching starts when it appears. Resolves once watching has begun (or the
 * missing folder was reported).
 *
 * processExisting false: files present when watching first begins are remembered in memory with the arrival
 * they were then, and never run, not even by rescans; but they are not added to `handled`, so turning
 * processExisting on later does run them. A file still growing at start counts as arriving when it settles.
 * "Start" is the first time the folder could be read: a mapped drive or share that comes up after the hub
 * must not run its whole old content, so files found when a missing folder appears count as present at start.
 */
/**
 * The backstop rescan's period. Events are the fast path; the rescan only catches what the OS dropped, so five
 * minutes bounds how late such a file runs while keeping an idle hub idle (a 10,000-file folder costs one
 * listing and 10,000 stats per rescan and trigger).
 */
export const DEFAULT_RESCAN_MS = 5 * 60_000;

/** Files stat'ed between two yields to the event loop during a rescan. */
const RESCAN_SLICE = 500;

function statQuietly(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

export async function createFileTrigger(
  def: FileTrigger,
  onFire: FireHandler,
  options: FileTriggerOptions,
): Promise<TriggerSource> {
  const folder = path.resolve(options.baseDir, def.path);
  const field = options.field ?? 'trigger';
  const rescanEveryMs = options.rescanEveryMs ?? DEFAULT_RESCAN_MS;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const nameWanted = createNameFilter(def.pattern);
  const report = (message: string) => options.onError?.(`${field}.path: ${message}`);
  // A problem that lasts (folder missing, share unreachable) is reported when it starts, not on every rescan.
  let lastingProblem: string | undefined;
  const reportLasting = (message: string) => {
    if (message !== lastingProblem) report(message);
    lastingProblem = message;
  };

  const presentAtStart = new Map<string, string>();
  let snapshotTaken = false;
  let watcher: FolderSubscription | undefined;
  let watchedFolderId: string | undefined;
  let rescanTimer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;
  let stopped = false;
  let signalStopped = () => {};
  const stoppedSignal = new Promise<void>((resolve) => {
    signalStopped = resolve;
  });

  const isWanted = (file: string) =>
    (def.recursive || path.dirname(file) === folder) && nameWanted(path.basename(file));
  const isKnown = (file: string, key: string) => presentAtStart.get(file) === key || options.handled.has(key);

  const tracker = createStabilityTracker({
    stableMs: def.stableSeconds * 1000,
    onStable: (file, stats) => {
      if (stopped) return;
      try {
        const key = arrivalKey(file, stats);
        if (isKnown(file, key)) return;
        options.handled.add(key);
        fireSafely(onFire, { trigger: { kind: 'file', detail: file }, file }, options.onError);
      } catch (error) {
        report(`could not record ${file} as handled: ${errorText(error)}`);
      }
    },
  });

  const onChange = (file: string, stats?: Stats) => {
    if (stopped || !isWanted(file) || (stats && !stats.isFile())) return;
    if (stats && isKnown(file, arrivalKey(file, stats))) return;
    tracker.submit(file, stats);
  };
  const onUnlink = (file: string) => {
    tracker.cancel(file);
    // Deleted and copied in again is a new arrival, even with the same size and mtime.
    presentAtStart.delete(file);
  };

  async function startWatcher(): Promise<void> {
    const w = subscribeFolder(
      {
        folder,
        recursive: def.recursive,
        polling: def.polling,
        pollIntervalMs,
        pattern: def.pattern,
        isWanted,
      },
      { onChange, onUnlink, onError: (error) => report(`watching ${folder} failed: ${errorText(error)}`) },
    );
    watcher = w;
    await Promise.race([w.ready, stoppedSignal]);
  }

  async function closeWatcher(): Promise<void> {
    const w = watcher;
    watcher = undefined;
    watchedFolderId = undefined;
    await w?.close();
  }

  async function rescan(): Promise<void> {
    const state = await inspectFolder(folder);
    if (stopped) return;
    if (!state.ok) {
      // The folder a watcher was on is gone; if it comes back it is a new folder and needs a new watcher.
      await closeWatcher();
      reportLasting(state.message);
      return;
    }
    // List first, then watch: a file landing in between has no event (ignoreInitial) and is not in the list,
    // so the next rescan takes it as new, which it is.
    const files = await listFiles(folder, def.recursive);
    const atStart = !snapshotTaken;
    snapshotTaken = true;
    for (let i = 0; i < files.length; i++) {
      // A synchronous stat costs microseconds where an async one costs a thread-pool round trip (measured ~10x
      // for a 10,000-file folder); slices keep any one stretch of the event loop short.
      if (i > 0 && i % RESCAN_SLICE === 0) await yieldToLoop();
      if (stopped) return;
      const file = files[i] as string;
      if (!isWanted(file) || tracker.has(file)) continue;
      const stats = statQuietly(file);
      if (!stats?.isFile()) continue;
      const key = arrivalKey(file, stats);
      if (atStart && !def.processExisting) presentAtStart.set(file, key);
      else if (!isKnown(file, key)) tracker.submit(file, stats);
    }
    // A folder deleted and re-created between rescans leaves the old watcher on a dead handle.
    if (!watcher || watchedFolderId !== state.id) {
      await closeWatcher();
      if (stopped) return;
      await startWatcher();
      watchedFolderId = state.id;
    }
    lastingProblem = undefined;
  }

  const runRescan = async () => {
    scanning = rescan().catch((error) => reportLasting(`scanning ${folder} failed: ${errorText(error)}`));
    await scanning;
    scanning = undefined;
    if (!stopped) rescanTimer = setTimeout(runRescan, rescanEveryMs);
  };
  await runRescan();

  return {
    description: describeFileTrigger(def, folder),
    nextRun: () => null,
    stop: async () => {
      stopped = true;
      signalStopped();
      clearTimeout(rescanTimer);
      tracker.clear();
      await scanning;
      await closeWatcher();
    },
  };
}

type FolderState = { ok: true; id: string } | { ok: false; message: string };

async function inspectFolder(folder: string): Promise<FolderState> {
  try {
    const stats = statSync(folder);
    if (!stats.isDirectory()) return { ok: false, message: `${folder} is a file, not a folder` };
    return { ok: true, id: `${stats.dev}:${stats.ino}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, message: `folder ${folder} does not exist; watching will start when it appears` };
    }
    return { ok: false, message: `cannot read folder ${folder} (${errorText(error)}); retrying` };
  }
}

function describeFileTrigger(def: FileTrigger, folder: string): string {
  const extras = [def.recursive && 'with subfolders', def.polling && 'polling'].filter(Boolean);
  return `files "${def.pattern}" in ${folder}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}
