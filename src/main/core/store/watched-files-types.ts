// What file triggers remember, as the triggers see it; watched-files-store.ts keeps it on disk.
import type { FolderFiles, KnownFile } from './folder-files';

export type { KnownFile } from './folder-files';

/** A watched folder's files, keyed by path relative to the folder. Exists once the folder was first looked at. */
export interface FolderRecord {
  nextSeq: number;
  files: FolderFiles;
}

/** A file that arrived for a job and has not been handled yet (no run for it has ended). */
export interface WaitingFile {
  /** Arrival order across all jobs and folders. */
  id: number;
  /** The trigger it arrived through (its state key) and that trigger's job. */
  trigger: string;
  job: string;
  /** Its arrival number in its folder (superseded when the file arrives again). */
  seq: number;
  /** Absolute path. */
  file: string;
  /** When it arrived (ISO). */
  since: string;
  /** The run started for it; null while it waits. */
  runId: string | null;
}

/**
 * What file triggers remember across restarts: per watched folder (and pattern) the files it holds, per trigger
 * how far it has taken arrivals (a watermark over the folder's arrival numbers), and the files still waiting to
 * run. One listing per folder serves every trigger on it, so 50 jobs on a 10,000-file folder keep 10,000
 * entries, not 500,000 keys.
 */
export interface WatchedFilesStore {
  folder(key: string): FolderRecord | undefined;
  /** Records a folder as looked at while it was missing: it counts as empty, so what appears later arrives. */
  ensureFolder(key: string): FolderRecord;
  /** The folder's first look: records every file at once (one journal line, not 10,000). */
  saveBaseline(key: string, files: Iterable<[string, KnownFile]>): FolderRecord;
  /** Fills in fingerprints computed after the baseline for entries still as they were (one journal line). */
  saveFingerprints(key: string, fps: Iterable<[name: string, was: KnownFile, fp: number]>): void;
  setFile(key: string, name: string, file: KnownFile): void;
  dropFile(key: string, name: string): void;
  /** The highest arrival number the trigger has taken; undefined before its first watch. */
  seen(trigger: string): number | undefined;
  setSeen(trigger: string, seq: number): void;
  /** Puts a file on the waiting list and moves the trigger's watermark to it; on disk when this returns. */
  addWaiting(entry: Omit<WaitingFile, 'id' | 'runId'>): WaitingFile;
  /** Waiting files, oldest (lowest id) first. */
  waiting(filter: { job?: string; trigger?: string }): WaitingFile[];
  setRun(id: number, runId: string | null): void;
  /** The file was handled (a run for it ended) or dropped: off the list. */
  finish(id: number): void;
  readonly path: string;
}
