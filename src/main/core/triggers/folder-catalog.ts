import type { Stats } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FolderRecord, KnownFile, WatchedFilesStore } from '../store/watched-files-store';
import { fingerprint } from './file-fingerprint';
import { createStabilityTracker } from './file-stability';
import { inspectFolder, isInside, type Listing, listFiles, realPathOf, statFile } from './list-files';
import { type FolderSubscription, subscribeFolder } from './shared-folder-watch';

/** Which files a catalog holds. Triggers that agree on all of it share one catalog. */
export interface CatalogSpec {
  key: string;
  folder: string;
  recursive: boolean;
  isWanted(file: string): boolean;
}

/** A file trigger, as a catalog sees it: how it wants the folder watched, and what it is told. */
export interface CatalogSubscriber {
  readonly stableMs: number;
  readonly polling: boolean;
  readonly pollIntervalMs: number;
  /** A file arrived: its entry (with `seq`) is on disk. */
  onArrival(seq: number, name: string): void;
  /** A file settled without arriving (a touch, a first-look file proved stable) or was forgotten. */
  onSettled(name: string): void;
  onProblem(message: string): void;
}

export interface CatalogTiming {
  /** Full rescan period, the backstop for events the OS dropped. */
  rescanEveryMs: number;
  /** How often a missing or unreadable folder is looked for again. */
  missingCheckMs: number;
}

/** Stats between two yields to the event loop during a listing; fingerprints per yield after a first look. */
const SLICE = 500;
const FINGERPRINT_SLICE = 200;

const same = (known: KnownFile, stats: Stats) => known.size === stats.size && known.mtimeMs === stats.mtimeMs;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Everything known about one watched folder (and pattern): its files with their identities and arrival numbers,
 * kept current by one chokidar watch, one stability tracker and one periodic listing, whatever the number of
 * triggers on it. A file arrives when it settles (size and mtime unchanged for the shortest `stableSeconds` of
 * the triggers) with a new identity: new path, new size, or new content. A touch keeps its arrival number.
 *
 * The first look at a folder ever records what is there as present (the baseline): triggers decide by their
 * `processExisting` whether those run. Files modified within the settle period are still checked for
 * stability (a file being written at first look arrives when it settles, if it changes). A folder missing at
 * its first look counts as empty: whatever appears in it later arrives. After that, every look (restart,
 * rescan, the folder coming back) compares with the record, so what changed while nobody watched arrives too.
 */
export class FolderCatalog {
  readonly ready: Promise<void>;
  readonly #subscribers = new Set<CatalogSubscriber>();
  /** First-look files modified within the settle period: not known to be complete yet. */
  readonly #checking = new Set<string>();
  /** Links leading outside the folder, by name, with the size|mtime they had when reported. */
  readonly #refused = new Map<string, string>();
  readonly #tracker;
  #record: FolderRecord | undefined;
  #realRoot: string | null = null;
  #watch: FolderSubscription | undefined;
  #watchMode = '';
  #watchedId: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #looking: Promise<void> | undefined;
  #lookAgain = false;
  #missing = false;
  #started = false;
  #stopped = false;
  #lastingProblem: string | undefined;
  #markReady = () => {};

  constructor(
    readonly spec: CatalogSpec,
    private readonly store: WatchedFilesStore,
    private readonly timing: CatalogTiming,
  ) {
    this.#record = store.folder(spec.key);
    this.#tracker = createStabilityTracker({
      stableMs: () => this.#stableMs(),
      onStable: (file, stats) => this.#settle(file, stats),
    });
    this.ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  /** Adds a trigger; the first one starts the catalog. A problem that lasts is told to the newcomer too. */
  add(subscriber: CatalogSubscriber): void {
    this.#subscribers.add(subscriber);
    if (this.#lastingProblem) subscriber.onProblem(this.#lastingProblem);
    if (!this.#started) {
      this.#started = true;
      this.#lookSoon(0);
    } else if (this.#modeKey() !== this.#watchMode && this.#watch) {
      this.#lookSoon(0); // a trigger that polls joined a watch on events: restart the watch polling
    }
  }

  /** Removes a trigger; true when none is left (the owner then stops the catalog). */
  remove(subscriber: CatalogSubscriber): boolean {
    this.#subscribers.delete(subscriber);
    return this.#subscribers.size === 0;
  }

  /** The shortest settle period among the triggers: how long the catalog waits before a file arrives. */
  get stableMs(): number {
    return this.#stableMs();
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

  nameOf(file: string): string {
    return path.relative(this.spec.folder, file);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#tracker.clear();
    await this.#looking;
    await this.#closeWatch();
    this.#markReady();
  }

  // ---- looking at the folder ---------------------------------------------------------------------------

  #lookSoon(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runLook(), delayMs);
  }

  async #runLook(): Promise<void> {
    if (this.#looking) {
      this.#lookAgain = true;
      return;
    }
    this.#looking = this.#look().catch((error) =>
      this.#reportLasting(`scanning ${this.spec.folder} failed: ${messageOf(error)}`),
    );
    await this.#looking;
    this.#looking = undefined;
    if (this.#stopped) return;
    const again = this.#lookAgain;
    this.#lookAgain = false;
    this.#lookSoon(again ? 0 : this.#missing ? this.timing.missingCheckMs : this.timing.rescanEveryMs);
  }

  async #look(): Promise<void> {
    const { folder, key } = this.spec;
    const state = inspectFolder(folder);
    const realRoot = state.ok ? realPathOf(folder) : null;
    if (!state.ok || !realRoot) {
      // A folder gone while watched may come back as another folder: its watcher would be on a dead handle.
      await this.#closeWatch();
      this.#missing = true;
      if (!this.#record) this.#record = this.store.ensureFolder(key);
      this.#reportLasting(state.ok ? `cannot resolve folder ${folder}; retrying` : state.message);
      this.#markReady();
      return;
    }
    this.#missing = false;
    this.#realRoot = realRoot;
    const listing = await listFiles(folder, this.spec.recursive);
    if (this.#stopped) return;
    if (this.#record) await this.#reconcile(this.#record, listing);
    else await this.#baseline(listing);
    if (this.#stopped) return;
    if (!this.#watch || this.#watchedId !== state.id || this.#watchMode !== this.#modeKey()) {
      await this.#closeWatch();
      if (this.#stopped) return;
      this.#startWatch(state.id);
    }
    this.#lastingProblem = undefined;
    this.#markReady();
  }

  /** The first look ever: everything there is recorded at once, in listing order. */
  async #baseline(listing: Listing): Promise<void> {
    const entries: [string, KnownFile][] = [];
    const recent: [string, Stats][] = [];
    const now = Date.now();
    const stableMs = this.#stableMs();
    for (let i = 0; i < listing.files.length; i++) {
      if (i > 0 && i % SLICE === 0) await yieldToLoop();
      if (this.#stopped) return;
      const file = listing.files[i] as string;
      if (!this.spec.isWanted(file)) continue;
      const stats = statFile(file);
      if (typeof stats === 'string' || !stats.isFile()) continue;
      if (listing.links.has(file) && !this.#staysInside(file)) {
        this.#refuse(file, stats);
        continue;
      }
      const name = this.nameOf(file);
      entries.push([name, { size: stats.size, mtimeMs: stats.mtimeMs, fp: null, seq: entries.length + 1 }]);
      if (now - stats.mtimeMs < stableMs) recent.push([file, stats]);
    }
    this.#record = this.store.saveBaseline(this.spec.key, entries);
    for (const [file, stats] of recent) {
      this.#checking.add(this.nameOf(file));
      this.#tracker.submit(file, stats);
    }
    void this.#fingerprintBaseline(this.#record);
  }

  /** Every later look: new or changed files go to the stability tracker; files no longer there are forgotten. */
  async #reconcile(record: FolderRecord, listing: Listing): Promise<void> {
    const present = new Set<string>();
    for (let i = 0; i < listing.files.length; i++) {
      // A synchronous stat costs microseconds where an async one costs a thread-pool round trip (measured ~10x
      // for a 10,000-file folder); slices keep any one stretch of the event loop short.
      if (i > 0 && i % SLICE === 0) await yieldToLoop();
      if (this.#stopped) return;
      const file = listing.files[i] as string;
      if (!this.spec.isWanted(file)) continue;
      const name = this.nameOf(file);
      if (this.#tracker.has(file)) {
        present.add(name);
        continue;
      }
      const stats = statFile(file);
      // Unreadable for now (a scanner holding it on Windows) is not gone: forgetting it would run it again.
      if (stats === 'unreadable') present.add(name);
      if (typeof stats === 'string' || !stats.isFile()) continue;
      present.add(name);
      this.#consider(file, name, stats);
    }
    for (const name of [...record.files.keys()]) if (!present.has(name)) this.#forget(name);
  }

  /** A file seen in a listing or an event: unless it is exactly what is recorded, it goes to the tracker. */
  #consider(file: string, name: string, stats: Stats): void {
    const known = this.#record?.files.get(name);
    if (known && same(known, stats)) return;
    if (this.#refused.get(name) === `${stats.size}|${stats.mtimeMs}`) return;
    this.#tracker.submit(file, stats);
  }

  /** A file stopped changing: a new arrival, a touch, or a first-look file proved stable. */
  #settle(file: string, stats: Stats): void {
    const record = this.#record;
    if (this.#stopped || !record) return;
    const name = this.nameOf(file);
    if (!this.#staysInside(file)) {
      this.#refuse(file, stats);
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
    this.#refused.delete(name);
    try {
      this.store.dropFile(this.spec.key, name);
    } catch (error) {
      this.#report(`could not record that ${this.absolute(name)} is gone: ${messageOf(error)}`);
    }
    this.#each((s) => s.onSettled(name));
  }

  /** Fingerprints of first-look files, read after the look so that it stays fast (one small read per file). */
  async #fingerprintBaseline(record: FolderRecord): Promise<void> {
    const found: [string, KnownFile, number][] = [];
    let i = 0;
    for (const [name, known] of [...record.files]) {
      if (++i % FINGERPRINT_SLICE === 0) await yieldToLoop();
      if (this.#stopped) return;
      if (known.fp !== null || this.#checking.has(name)) continue;
      const file = this.absolute(name);
      const fp = fingerprint(file, known.size);
      const after = statFile(file);
      // Only if nothing changed while reading: otherwise the fingerprint would describe other content.
      if (fp !== null && typeof after !== 'string' && same(known, after)) found.push([name, known, fp]);
    }
    try {
      if (found.length > 0) this.store.saveFingerprints(this.spec.key, found);
    } catch (error) {
      this.#report(`could not save fingerprints of ${this.spec.folder}: ${messageOf(error)}`);
    }
  }

  // ---- links -------------------------------------------------------------------------------------------

  /** The real-path check before anything runs: a file (or link) must lead to a place inside the folder. */
  #staysInside(file: string): boolean {
    const real = realPathOf(file);
    return this.#realRoot !== null && real !== null && isInside(this.#realRoot, real);
  }

  #refuse(file: string, stats: Stats): void {
    const name = this.nameOf(file);
    const identity = `${stats.size}|${stats.mtimeMs}`;
    if (this.#refused.get(name) === identity) return;
    this.#refused.set(name, identity);
    const real = realPathOf(file);
    this.#report(
      `${file} is a link to ${real ?? 'nowhere (broken or a loop)'}, outside ${this.spec.folder}: it is ignored`,
    );
  }

  // ---- the watch ---------------------------------------------------------------------------------------

  #startWatch(folderId: string): void {
    const mode = this.#modeKey();
    const polling = [...this.#subscribers].filter((s) => s.polling);
    const watch = subscribeFolder(
      {
        folder: this.spec.folder,
        recursive: this.spec.recursive,
        polling: polling.length > 0,
        pollIntervalMs: polling.length > 0 ? Math.min(...polling.map((s) => s.pollIntervalMs)) : 0,
        filterKey: this.spec.key,
        isWanted: this.spec.isWanted,
      },
      {
        onChange: (file, stats) => this.#onChange(file, stats),
        onUnlink: (file) => this.#onUnlink(file),
        onUnlinkDir: (folder) => {
          if (folder === this.spec.folder) this.#lookSoon(0);
        },
        onError: (error) => this.#report(`watching ${this.spec.folder} failed: ${messageOf(error)}`),
      },
    );
    this.#watch = watch;
    this.#watchMode = mode;
    this.#watchedId = folderId;
    // Listed first, watching since: what landed in between has no event. One more look once the watch is
    // ready finds it (a cheap one: only size and mtime are compared for files already known).
    void watch.ready.then(() => {
      if (this.#watch === watch) this.#lookSoon(0);
    });
  }

  async #closeWatch(): Promise<void> {
    const watch = this.#watch;
    this.#watch = undefined;
    this.#watchedId = undefined;
    await watch?.close();
  }

  #onChange(file: string, stats?: Stats): void {
    if (this.#stopped || !this.#record || !this.spec.isWanted(file)) return;
    // Links come with their own (lstat) stats: what counts is what they lead to.
    const current = stats && !stats.isSymbolicLink() ? stats : statFile(file);
    if (typeof current === 'string' || !current.isFile()) return;
    this.#consider(file, this.nameOf(file), current);
  }

  #onUnlink(file: string): void {
    this.#tracker.cancel(file);
    if (this.#stopped || !this.spec.isWanted(file)) return;
    // A whole folder vanishing (a share going offline) is not its files being deleted: they stay known.
    if (inspectFolder(this.spec.folder).ok) this.#forget(this.nameOf(file));
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  #stableMs(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.#subscribers) min = Math.min(min, s.stableMs);
    return Number.isFinite(min) ? min : 0;
  }

  #modeKey(): string {
    const polling = [...this.#subscribers].filter((s) => s.polling);
    return polling.length === 0 ? 'events' : `poll:${Math.min(...polling.map((s) => s.pollIntervalMs))}`;
  }

  #each(fn: (subscriber: CatalogSubscriber) => void): void {
    for (const s of [...this.#subscribers]) fn(s);
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
