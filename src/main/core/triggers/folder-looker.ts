import type { Stats } from 'node:fs';
import path from 'node:path';
import type { FolderRecord, KnownFile } from '../store/watched-files-types';
import type { CatalogSpec, CatalogTiming } from './catalog-types';
import { CatalogWatcher } from './catalog-watch';
import { fingerprintUnread, type LookContext, presentFiles, takeBaseline } from './folder-looks';
import { inspectFolder, type Listing, listFiles, statFile } from './list-files';
import { LookScheduler } from './look-scheduler';
import { milestone } from './milestone';

/** What the looker needs from the catalog that keeps the folder's record. */
export interface FolderKeeper {
  readonly context: LookContext;
  record(): FolderRecord | undefined;
  /** The folder was missing at its first look: it counts as empty. */
  recordMissing(): void;
  /** The first look's files; `recent` ones must still prove stable. */
  recordBaseline(entries: [string, KnownFile][], recent: [string, Stats][]): void;
  saveFingerprints(found: [string, KnownFile, number][]): void;
  /** A file seen in a listing or an event (not exactly as recorded goes to the stability tracker). */
  consider(file: string, name: string, stats: Stats): void;
  forget(name: string): void;
  /** The stability tracker has the file (a look leaves it alone) / must drop it. */
  tracked(file: string): boolean;
  untrack(file: string): void;
  /** Not yet proved stable since the first look: not fingerprinted yet either. */
  checking(name: string): boolean;
  stableMs(): number;
  pollIntervalMs(): number | null;
  report(message: string): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Looks at a catalog's folder and watches it: the first look (the baseline), every later one (restart, the
 * periodic rescan, the folder back), the missing-folder checks, and the watch's events. Watch first, then list,
 * so that nothing lands unseen in between; what the watch names during a first look is replayed after it.
 */
export class FolderLooker {
  /** The first look in this process is done (or found the folder missing). */
  readonly ready = milestone();
  /** Also the watch is up (and, after a first look, its files are fingerprinted), or the folder is missing. */
  readonly watching = milestone();
  readonly #looks: LookScheduler;
  readonly #watcher: CatalogWatcher;
  #missing = false;
  #stopped = false;
  #lastingProblem: string | undefined;
  /** Paths the watch named during a first look (no record to compare with yet). */
  #heardDuringBaseline: Set<string> | undefined;
  #unfingerprinted = false;

  constructor(
    private readonly spec: CatalogSpec,
    timing: CatalogTiming,
    private readonly keeper: FolderKeeper,
  ) {
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
          if (error) keeper.report(`watching ${spec.folder} failed: ${messageOf(error)}`);
          this.#looks.soon(0);
        },
        onReady: (lookAgain) => (lookAgain ? this.#looks.soon(0) : this.#maybeWatching()),
      },
    );
  }

  /** The problem that lasts right now (folder missing, share unreachable), if any. */
  get lastingProblem(): string | undefined {
    return this.#lastingProblem;
  }

  /** Looks in `delayMs` (or sooner, if a look is due sooner already). */
  lookSoon(delayMs: number): void {
    this.#looks.soon(delayMs);
  }

  /** Whether the triggers now ask for another kind of watch than the running one (a trigger that polls joined). */
  watchDiffers(): boolean {
    return this.#watcher.differs(this.keeper.pollIntervalMs());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#looks.stop();
    await this.#watcher.close();
    this.ready.reach();
    this.watching.reach();
  }

  async #look(): Promise<void> {
    const { folder } = this.spec;
    const state = inspectFolder(folder);
    const resolved = state.ok && this.keeper.context.guard.resolveRoot();
    if (!state.ok || !resolved) {
      // A folder gone while watched may come back as another folder: its watcher would be on a dead handle.
      await this.#watcher.close();
      this.#missing = true;
      if (!this.keeper.record()) this.keeper.recordMissing();
      this.#reportLasting(state.ok ? `cannot resolve folder ${folder}; retrying` : state.message);
      this.ready.reach();
      this.watching.reach();
      return;
    }
    this.#missing = false;
    // Polling and folder-by-folder watches become ready later; they ask for one more look when they are.
    const pollIntervalMs = this.keeper.pollIntervalMs();
    if (this.#watcher.needsStart(state.id, pollIntervalMs)) {
      await this.#watcher.close();
      if (this.#stopped) return;
      this.#watcher.start(state.id, pollIntervalMs);
    }
    const listing = await listFiles(folder, this.spec.recursive);
    if (this.#stopped) return;
    const record = this.keeper.record();
    if (record) await this.#reconcile(record, listing);
    else await this.#baseline(listing);
    if (this.#stopped) return;
    this.#lastingProblem = undefined;
    this.ready.reach();
    this.#maybeWatching();
  }

  /** The first look ever: everything there is recorded at once, in listing order. */
  async #baseline(listing: Listing): Promise<void> {
    this.#heardDuringBaseline = new Set();
    const taken = await takeBaseline(listing, this.keeper.stableMs(), this.keeper.context);
    const heard = this.#heardDuringBaseline;
    this.#heardDuringBaseline = undefined;
    if (!taken) return;
    this.keeper.recordBaseline(taken.entries, taken.recent);
    this.#unfingerprinted = true;
    // What the watch told during the look: files that came after the listing arrive; the rest is as recorded.
    for (const file of heard) this.#onChange(file);
  }

  /** Every later look: new or changed files go to the stability tracker; files no longer there are forgotten. */
  async #reconcile(record: FolderRecord, listing: Listing): Promise<void> {
    const present = await presentFiles(listing, {
      ...this.keeper.context,
      tracked: (file) => this.keeper.tracked(file),
      consider: (file, name, stats) => this.keeper.consider(file, name, stats),
    });
    if (!present) return;
    for (const name of record.files.keys()) if (!present.has(name)) this.keeper.forget(name);
  }

  /** Once the watch is up after a look: the start is done (for a first look, when its fingerprints are read). */
  #maybeWatching(): void {
    const record = this.keeper.record();
    if (!this.#watcher.ready || !record) return;
    if (!this.#unfingerprinted) {
      this.watching.reach();
      return;
    }
    // Fingerprints matter only once a first-look file is touched: read after the look, off the hub's start.
    this.#unfingerprinted = false;
    void fingerprintUnread(record, (name) => this.keeper.checking(name), this.keeper.context)
      .then((found) => {
        if (found.length > 0 && !this.#stopped) this.keeper.saveFingerprints(found);
      })
      .catch((error) =>
        this.keeper.report(`could not save fingerprints of ${this.spec.folder}: ${messageOf(error)}`),
      )
      .finally(() => this.watching.reach());
  }

  #onChange(file: string, stats?: Stats): void {
    if (this.#stopped || !this.spec.isWanted(file)) return;
    if (!this.keeper.record()) {
      this.#heardDuringBaseline?.add(file);
      return;
    }
    // Links come with their own (lstat) stats: what counts is what they lead to.
    const current = stats && !stats.isSymbolicLink() ? stats : statFile(file);
    if (typeof current === 'string' || !current.isFile()) return;
    this.keeper.consider(file, this.keeper.context.nameOf(file), current);
  }

  #onGone(file: string): void {
    this.keeper.untrack(file);
    const record = this.keeper.record();
    if (this.#stopped) return;
    if (!record) {
      this.#heardDuringBaseline?.add(file);
      return;
    }
    // A whole folder vanishing (a share going offline) is not its files being deleted: they stay known.
    if (!inspectFolder(this.spec.folder).ok) {
      this.#looks.soon(0);
      return;
    }
    const name = this.keeper.context.nameOf(file);
    if (record.files.has(name)) this.keeper.forget(name);
    else if (this.spec.recursive) {
      // A folder inside the tree was removed or renamed away: so were its files.
      for (const known of record.files.keys()) {
        if (known.startsWith(`${name}${path.sep}`)) this.keeper.forget(known);
      }
    }
  }

  /** A problem that lasts (folder missing, share unreachable) is reported when it starts, not every look. */
  #reportLasting(message: string): void {
    if (message !== this.#lastingProblem) this.keeper.report(message);
    this.#lastingProblem = message;
  }
}
