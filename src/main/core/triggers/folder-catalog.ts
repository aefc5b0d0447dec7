import type { Stats } from 'node:fs';
import path from 'node:path';
import type { FolderRecord, KnownFile, WatchedFilesStore } from '../store/watched-files-types';
import { CatalogSubscribers } from './catalog-subscribers';
import type { CatalogSpec, CatalogSubscriber, CatalogTiming } from './catalog-types';
import { createStabilityTracker } from './file-stability';
import { FolderLooker } from './folder-looker';
import type { LookContext } from './folder-looks';
import { LinkGuard } from './link-guard';
import { nameIn } from './list-files';
import { decideSettled } from './settle-decision';

export type { CatalogSpec, CatalogSubscriber, CatalogTiming } from './catalog-types';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Everything known about one watched folder (and pattern): its files with their identities and arrival numbers,
 * kept current by one watch, one stability tracker and one periodic listing, whatever the number of triggers
 * on it. A file arrives when it settles (size and mtime unchanged for the shortest `stableSeconds` of
 * the triggers) with a new identity: new path, new size, or new content. A touch keeps its arrival number.
 *
 * The first look at a folder ever records what is there as present (the baseline): triggers decide by their
 * `processExisting` whether those run. Files modified within the settle period are still checked for
 * stability (a file being written at first look arrives when it settles, if it changes). A folder missing at
 * its first look counts as empty: whatever appears in it later arrives. After that, every look (restart,
 * rescan, the folder coming back) compares with the record, so what changed while nobody watched arrives too.
 */
export class FolderCatalog {
  /** The first look in this process is done (or found the folder missing). */
  readonly ready: Promise<void>;
  /** Also the watch is up and the first look's files are fingerprinted (or the folder is missing). */
  readonly watching: Promise<void>;
  /** Whether the folder was looked at before (this process or an earlier one): no first look to wait for. */
  readonly seenBefore: boolean;
  readonly #subscribers = new CatalogSubscribers();
  /** First-look files modified within the settle period: not known to be complete yet. */
  readonly #checking = new Set<string>();
  readonly #guard: LinkGuard;
  readonly #tracker;
  readonly #looker: FolderLooker;
  #record: FolderRecord | undefined;
  #started = false;
  #stopped = false;

  constructor(
    readonly spec: CatalogSpec,
    private readonly store: WatchedFilesStore,
    timing: CatalogTiming,
  ) {
    this.#record = store.folder(spec.key);
    this.seenBefore = this.#record !== undefined;
    this.#guard = new LinkGuard(spec.folder, (message) => this.#report(message));
    this.#tracker = createStabilityTracker({
      stableMs: () => this.#subscribers.stableMs,
      onStable: (file, stats) => this.#settle(file, stats),
    });
    const context: LookContext = {
      isWanted: spec.isWanted,
      nameOf: (file) => this.nameOf(file),
      absolute: (name) => this.absolute(name),
      guard: this.#guard,
      stopped: () => this.#stopped,
    };
    this.#looker = new FolderLooker(spec, timing, {
      context,
      record: () => this.#record,
      recordMissing: () => {
        this.#record = store.ensureFolder(spec.key);
      },
      recordBaseline: (entries, recent) => {
        this.#record = store.saveBaseline(spec.key, entries);
        for (const [file, stats] of recent) {
          this.#checking.add(this.nameOf(file));
          this.#tracker.submit(file, stats);
        }
      },
      saveFingerprints: (found) => store.saveFingerprints(spec.key, found),
      consider: (file, name, stats) => this.#consider(file, name, stats),
      forget: (name) => this.#forget(name),
      tracked: (file) => this.#tracker.has(file),
      untrack: (file) => this.#tracker.cancel(file),
      checking: (name) => this.#checking.has(name),
      stableMs: () => this.#subscribers.stableMs,
      pollIntervalMs: () => this.#subscribers.pollIntervalMs,
      report: (message) => this.#report(message),
    });
    this.ready = this.#looker.ready.reached;
    this.watching = this.#looker.watching.reached;
  }

  /** Adds a trigger; the first one starts the catalog. A problem that lasts is told to the newcomer too. */
  add(subscriber: CatalogSubscriber): void {
    this.#subscribers.add(subscriber);
    const problem = this.#looker.lastingProblem;
    if (problem) subscriber.onProblem(problem);
    if (!this.#started) {
      this.#started = true;
      this.#looker.lookSoon(0);
    } else if (this.#looker.watchDiffers()) {
      this.#looker.lookSoon(0); // a trigger that polls joined a watch on events: restart the watch polling
    }
  }

  /** Removes a trigger; true when none is left (the owner then stops the catalog). */
  remove(subscriber: CatalogSubscriber): boolean {
    return this.#subscribers.remove(subscriber);
  }

  /** The shortest settle period among the triggers: how long the catalog waits before a file arrives. */
  get stableMs(): number {
    return this.#subscribers.stableMs;
  }

  known(name: string): KnownFile | undefined {
    return this.#record?.files.get(name);
  }

  /** A first-look file not yet proved stable, or a file waiting to settle: its arrival is not decided. */
  isUndecided(name: string): boolean {
    return this.#checking.has(name) || this.#tracker.has(this.absolute(name));
  }

  /** The highest arrival number given so far (0 for none). */
  get maxSeq(): number {
    return (this.#record?.nextSeq ?? 1) - 1;
  }

  /** Files whose arrival number is above `seen`, in arrival order. */
  arrivalsAfter(seen: number): [number, string][] {
    const out: [number, string][] = [];
    // Every trigger on the folder asks as it starts, most of them for nothing new: fifty triggers on a 10,000-file
    // folder walked half a million entries (and allocated an entry pair for each, 30 MB) to find none.
    if (!this.#record || seen >= this.maxSeq) return out;
    this.#record.files.forEachSeq((seq, name) => {
      if (seq > seen) out.push([seq, name]);
    });
    return out.sort((a, b) => a[0] - b[0]);
  }

  absolute(name: string): string {
    return path.join(this.spec.folder, name);
  }

  /** The name a file is kept under: its path relative to the folder. */
  nameOf(file: string): string {
    return nameIn(this.spec.folder, file);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#tracker.clear();
    await this.#looker.stop();
  }

  /** A file seen in a listing or an event: unless it is exactly what is recorded, it goes to the tracker. */
  #consider(file: string, name: string, stats: Stats): void {
    if (this.#record?.files.matches(name, stats.size, stats.mtimeMs)) return;
    if (this.#guard.isRefused(file, stats)) return;
    this.#tracker.submit(file, stats);
  }

  /** A file stopped changing: a new arrival, a touch, or a first-look file proved stable. */
  #settle(file: string, stats: Stats): void {
    const record = this.#record;
    if (this.#stopped || !record) return;
    const name = this.nameOf(file);
    if (!this.#guard.staysInside(file)) {
      this.#guard.refuse(file, stats);
      return;
    }
    try {
      const settled = decideSettled(file, stats, record.files.get(name), record.nextSeq);
      if (settled.kind !== 'unchanged') this.store.setFile(this.spec.key, name, settled.file);
      const wasChecking = this.#checking.delete(name);
      if (settled.kind === 'arrived') this.#each((s) => s.onArrival(settled.file.seq, name));
      else if (settled.kind === 'touched' || wasChecking) this.#each((s) => s.onSettled(name));
    } catch (error) {
      // Not recorded, so the next look finds the file new again and retries.
      this.#report(`could not record ${file} (${messageOf(error)}); retrying at the next scan`);
    }
  }

  #forget(name: string): void {
    this.#checking.delete(name);
    this.#guard.forget(this.absolute(name));
    try {
      this.store.dropFile(this.spec.key, name);
    } catch (error) {
      this.#report(`could not record that ${this.absolute(name)} is gone: ${messageOf(error)}`);
    }
    this.#each((s) => s.onSettled(name));
  }

  #each(fn: (subscriber: CatalogSubscriber) => void): void {
    this.#subscribers.each(fn);
  }

  #report(message: string): void {
    this.#each((s) => s.onProblem(message));
  }
}
