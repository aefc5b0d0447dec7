import type { Stats } from 'node:fs';
import path from 'node:path';
import type { FolderRecord, KnownFile, WatchedFilesStore } from '../store/watched-files-store';
import { CatalogSubscribers } from './catalog-subscribers';
import type { CatalogSpec, CatalogSubscriber, CatalogTiming } from './catalog-types';
import { CatalogWatcher } from './catalog-watch';
import { fingerprint } from './file-fingerprint';
import { createStabilityTracker } from './file-stability';
import { fingerprintUnread, type LookContext, presentFiles, takeBaseline } from './folder-looks';
import { LinkGuard } from './link-guard';
import { inspectFolder, type Listing, listFiles, statFile } from './list-files';
import { LookScheduler } from './look-scheduler';

export type { CatalogSpec, CatalogSubscriber, CatalogTiming } from './catalog-types';

const same = (known: KnownFile, stats: Stats) => known.size === stats.size && known.mtimeMs === stats.mtimeMs;
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
  /** Whether the folder was looked at before (this process or an earlier one): no first look to wait for. */
  readonly seenBefore: boolean;
  /** Also the watch is up and a look after it found what landed meanwhile (or the folder is missing). */
  readonly watching: Promise<void>;
  readonly #subscribers = new CatalogSubscribers();
  /** First-look files modified within the settle period: not known to be complete yet. */
  readonly #checking = new Set<string>();
  readonly #guard: LinkGuard;
  readonly #tracker;
  readonly #context: LookContext;
  #record: FolderRecord | undefined;
  readonly #watcher: CatalogWatcher;
  readonly #looks: LookScheduler;
  #missing = false;
  #started = false;
  #stopped = false;
  #lastingProblem: string | undefined;
  #markReady = () => {};
  #markWatching = () => {};
  /** Paths the watch named during a first look (no record to compare with yet): replayed after it. */
  #heardDuringBaseline: Set<string> | undefined;
  /** A first look recorded files without fingerprints: read them once the watch is up. */
  #unfingerprinted = false;

  constructor(
    readonly spec: CatalogSpec,
    private readonly store: WatchedFilesStore,
    timing: CatalogTiming,
  ) {
    this.#record = store.folder(spec.key);
    this.seenBefore = this.#record !== undefined;
    this.#guard = new LinkGuard(spec.folder, (message) => this.#report(message));
    this.#context = {
      isWanted: spec.isWanted,
      nameOf: (file) => this.nameOf(file),
      absolute: (name) => this.absolute(name),
      guard: this.#guard,
      stopped: () => this.#stopped,
    };
    this.#looks = new LookScheduler(
      () =>
        this.#look().catch((error) =>
          this.#reportLasting(`scanning ${spec.folder} failed: ${messageOf(error)}`),
        ),
      () => (this.#missing ? timing.missingCheckMs : timing.rescanEveryMs),
    );
    this.#watcher = new CatalogWatcher(
      { folder: spec.folder, recursive: spec.recursive, filterKey: spec.key, isWanted: spec.isWanted },
      {
        onChange: (file, stats) => this.#onChange(file, stats),
        onGone: (file) => this.#onGone(file),
        onFolderAppeared: () => this.#looks.soon(100),
        onLost: (error) => {
          if (error) this.#report(`watching ${spec.folder} failed: ${messageOf(error)}`);
          this.#looks.soon(0);
        },
        onReady: (lookAgain) => {
          if (lookAgain) this.#looks.soon(0);
          else this.#maybeWatching();
        },
      },
    );
    this.#tracker = createStabilityTracker({
      stableMs: () => this.#subscribers.stableMs,
      onStable: (file, stats) => this.#settle(file, stats),
    });
    this.ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.watching = new Promise((resolve) => {
      this.#markWatching = resolve;
    });
  }

  /** Adds a trigger; the first one starts the catalog. A problem that lasts is told to the newcomer too. */
  add(subscriber: CatalogSubscriber): void {
    this.#subscribers.add(subscriber);
    if (this.#lastingProblem) subscriber.onProblem(this.#lastingProblem);
    if (!this.#started) {
      this.#started = true;
      this.#looks.soon(0);
    } else if (this.#watcher.differs(this.#subscribers.pollIntervalMs)) {
      this.#looks.soon(0); // a trigger that polls joined a watch on events: restart the watch polling
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
    for (const [name, file] of this.#record?.files ?? []) if (file.seq > seen) out.push([file.seq, name]);
    return out.sort((a, b) => a[0] - b[0]);
  }

  absolute(name: string): string {
    return path.join(this.spec.folder, name);
  }

  /** The name a file is kept under: its path relative to the folder (a slice, not path.relative: hot path). */
  nameOf(file: string): string {
    const { folder } = this.spec;
    return file.startsWith(folder) && file[folder.length] === path.sep
      ? file.slice(folder.length + 1)
      : path.relative(folder, file);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#tracker.clear();
    await this.#looks.stop();
    await this.#watcher.close();
    this.#markReady();
    this.#markWatching();
  }

  async #look(): Promise<void> {
    const { folder, key } = this.spec;
    const state = inspectFolder(folder);
    const resolved = state.ok && this.#guard.resolveRoot();
    if (!state.ok || !resolved) {
      // A folder gone while watched may come back as another folder: its watcher would be on a dead handle.
      await this.#watcher.close();
      this.#missing = true;
      if (!this.#record) this.#record = this.store.ensureFolder(key);
      this.#reportLasting(state.ok ? `cannot resolve folder ${folder}; retrying` : state.message);
      this.#markReady();
      this.#markWatching();
      return;
    }
    this.#missing = false;
    // Watch first, then list: nothing can land unseen in between. (Polling and folder-by-folder watches become
    // ready later; they ask for one more look when they are.)
    const pollIntervalMs = this.#subscribers.pollIntervalMs;
    if (this.#watcher.needsStart(state.id, pollIntervalMs)) {
      await this.#watcher.close();
      if (this.#stopped) return;
      this.#watcher.start(state.id, pollIntervalMs);
    }
    const listing = await listFiles(folder, this.spec.recursive);
    if (this.#stopped) return;
    if (this.#record) await this.#reconcile(this.#record, listing);
    else await this.#baseline(listing);
    if (this.#stopped) return;
    this.#lastingProblem = undefined;
    this.#markReady();
    this.#maybeWatching();
  }

  /** The first look ever: everything there is recorded at once (one write), in listing order. */
  async #baseline(listing: Listing): Promise<void> {
    this.#heardDuringBaseline = new Set();
    const taken = await takeBaseline(listing, this.#subscribers.stableMs, this.#context);
    const heard = this.#heardDuringBaseline;
    this.#heardDuringBaseline = undefined;
    if (!taken) return;
    this.#record = this.store.saveBaseline(this.spec.key, taken.entries);
    this.#unfingerprinted = true;
    for (const [file, stats] of taken.recent) {
      this.#checking.add(this.nameOf(file));
      this.#tracker.submit(file, stats);
    }
    // What the watch told during the look: files that came after the listing arrive; the rest is as recorded.
    for (const file of heard) this.#onChange(file);
  }

  /** Once the watch is up after a look: the start is done (for a first look, when its fingerprints are read). */
  #maybeWatching(): void {
    if (!this.#watcher.ready || !this.#record) return;
    if (!this.#unfingerprinted) {
      this.#markWatching();
      return;
    }
    // Fingerprints matter only once a first-look file is touched: read after the look, off the hub's start.
    this.#unfingerprinted = false;
    const record = this.#record;
    void fingerprintUnread(record, (name) => this.#checking.has(name), this.#context).then((found) => {
      try {
        if (found.length > 0 && !this.#stopped) this.store.saveFingerprints(this.spec.key, found);
      } catch (error) {
        this.#report(`could not save fingerprints of ${this.spec.folder}: ${messageOf(error)}`);
      }
      this.#markWatching();
    });
  }

  /** Every later look: new or changed files go to the stability tracker; files no longer there are forgotten. */
  async #reconcile(record: FolderRecord, listing: Listing): Promise<void> {
    const present = await presentFiles(listing, {
      ...this.#context,
      tracked: (file) => this.#tracker.has(file),
      consider: (file, name, stats) => this.#consider(file, name, stats),
    });
    if (!present) return;
    for (const name of [...record.files.keys()]) if (!present.has(name)) this.#forget(name);
  }

  /** A file seen in a listing or an event: unless it is exactly what is recorded, it goes to the tracker. */
  #consider(file: string, name: string, stats: Stats): void {
    const known = this.#record?.files.get(name);
    if (known && same(known, stats)) return;
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
    const known = record.files.get(name);
    try {
      if (known && same(known, stats)) {
        if (this.#checking.delete(name)) this.#each((s) => s.onSettled(name));
        return;
      }
      const fp = fingerprint(file, stats.size);
      if (known && known.size === stats.size && fp !== null && known.fp === fp) {
        this.store.setFile(this.spec.key, name, { ...known, mtimeMs: stats.mtimeMs });
        this.#each((s) => s.onSettled(name));
        return;
      }
      const seq = record.nextSeq;
      this.store.setFile(this.spec.key, name, { size: stats.size, mtimeMs: stats.mtimeMs, fp, seq });
      this.#checking.delete(name);
      this.#each((s) => s.onArrival(seq, name));
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

  #onChange(file: string, stats?: Stats): void {
    if (this.#stopped || !this.spec.isWanted(file)) return;
    if (!this.#record) {
      this.#heardDuringBaseline?.add(file);
      return;
    }
    // Links come with their own (lstat) stats: what counts is what they lead to.
    const current = stats && !stats.isSymbolicLink() ? stats : statFile(file);
    if (typeof current === 'string' || !current.isFile()) return;
    this.#consider(file, this.nameOf(file), current);
  }

  #onGone(file: string): void {
    this.#tracker.cancel(file);
    if (this.#stopped) return;
    if (!this.#record) {
      this.#heardDuringBaseline?.add(file);
      return;
    }
    // A whole folder vanishing (a share going offline) is not its files being deleted: they stay known.
    if (!inspectFolder(this.spec.folder).ok) {
      this.#looks.soon(0);
      return;
    }
    const name = this.nameOf(file);
    if (this.#record?.files.has(name)) this.#forget(name);
    else if (this.spec.recursive) {
      // A folder inside the tree was removed or renamed away: so were its files.
      for (const known of [...(this.#record?.files.keys() ?? [])]) {
        if (known.startsWith(`${name}${path.sep}`)) this.#forget(known);
      }
    }
  }

  #each(fn: (subscriber: CatalogSubscriber) => void): void {
    this.#subscribers.each(fn);
  }

  #report(message: string): void {
    this.#each((s) => s.onProblem(message));
  }

  /** A problem that lasts (folder missing, share unreachable) is reported when it starts, not every look. */
  #reportLasting(message: string): void {
    if (message !== this.#lastingProblem) this.#report(message);
    this.#lastingProblem = message;
  }
}
