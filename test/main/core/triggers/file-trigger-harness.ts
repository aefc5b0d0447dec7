import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type DataLayout, ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { openWatchedFiles } from '../../../../src/main/core/store/watched-files-store';
import type { WatchedFilesStore } from '../../../../src/main/core/store/watched-files-types';
import { createFileTrigger, type FileTriggerSource } from '../../../../src/main/core/triggers/file-trigger';
import { FolderCatalogs } from '../../../../src/main/core/triggers/folder-catalogs';
import type { TriggerFire } from '../../../../src/main/core/triggers/types';
import { type FileTrigger, fileTriggerSchema } from '../../../../src/shared/job-schema';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** What a hub keeps for file triggers: the store in a data folder, and the catalogs over it. */
export interface TriggerState {
  layout: DataLayout;
  store: WatchedFilesStore;
  catalogs: FolderCatalogs;
  problems: string[];
}

export interface Started {
  source: FileTriggerSource;
  fires: TriggerFire[];
  /** The file's size when its fire happened: proves a fire came after the last write. */
  sizesAtFire: number[];
  errors: string[];
  state: TriggerState;
  /** Fired paths relative to `relativeTo`, sorted. */
  names: () => string[];
}

export interface StartOptions {
  /** Reuse a state (two triggers of one hub); default: a new one over `dataDir`. */
  state?: TriggerState;
  /** The data folder to keep state in (the same one again is a restart). */
  dataDir: string;
  baseDir: string;
  jobName?: string;
  rescanEveryMs?: number;
  missingCheckMs?: number;
  pollIntervalMs?: number;
  /** Leave fired files on the waiting list (as a hub does until their run ends). Default: take them off. */
  keepWaiting?: boolean;
  relativeTo?: string;
}

/** Stops the triggers a test started (their catalogs and watches with them). */
export function useTriggers(): (def: Partial<FileTrigger>, options: StartOptions) => Promise<Started> {
  const sources: FileTriggerSource[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
  });
  return async (def, options) => {
    const state = options.state ?? (await openState(options.dataDir, options));
    const fires: TriggerFire[] = [];
    const sizesAtFire: number[] = [];
    const errors: string[] = [];
    const source = createFileTrigger(
      fileTriggerSchema.parse({ type: 'file', path: 'inbox', stableSeconds: 0.3, ...def }),
      (fire) => {
        fires.push(fire);
        sizesAtFire.push(statSync(fire.file ?? '').size);
        if (!options.keepWaiting && fire.waiting !== undefined) state.store.finish(fire.waiting);
      },
      {
        baseDir: options.baseDir,
        jobName: options.jobName ?? 'Job',
        catalogs: state.catalogs,
        store: state.store,
        field: 'triggers[0]',
        onError: (m) => errors.push(m),
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      },
    );
    sources.push(source);
    await source.watching;
    const relativeTo = options.relativeTo ?? path.join(options.baseDir, 'inbox');
    const names = () => fires.map((fire) => path.relative(relativeTo, fire.file ?? '')).sort();
    return { source, fires, sizesAtFire, errors, state, names };
  };
}

/** Opens the store of a data folder and catalogs over it, as a hub does at start. */
export async function openState(
  dataDir: string,
  timing: { rescanEveryMs?: number; missingCheckMs?: number } = {},
): Promise<TriggerState> {
  const layout = await ensureDataDir(dataDir);
  const problems: string[] = [];
  const store = openWatchedFiles(layout, (m) => problems.push(m));
  const catalogs = new FolderCatalogs(store, {
    rescanEveryMs: timing.rescanEveryMs ?? 500,
    missingCheckMs: timing.missingCheckMs ?? 200,
  });
  return { layout, store, catalogs, problems };
}
