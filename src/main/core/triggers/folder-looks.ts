import type { Stats } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FolderRecord, KnownFile } from '../store/watched-files-types';
import { fingerprint } from './file-fingerprint';
import type { LinkGuard } from './link-guard';
import { type Listing, statFile } from './list-files';

/** Stats between two yields to the event loop; fingerprints per yield. */
const STAT_SLICE = 500;
const FINGERPRINT_SLICE = 200;

/** What a catalog lends its looks. */
export interface LookContext {
  isWanted(file: string): boolean;
  nameOf(file: string): string;
  absolute(name: string): string;
  guard: LinkGuard;
  stopped(): boolean;
}

/**
 * The first look ever at a folder: every file there, in listing order, as known files numbered 1…n, and the ones
 * modified within `stableMs` (maybe still being written: they must still prove stable). Null when stopped.
 */
export async function takeBaseline(
  listing: Listing,
  stableMs: number,
  context: LookContext,
): Promise<{ entries: [string, KnownFile][]; recent: [string, Stats][] } | null> {
  const entries: [string, KnownFile][] = [];
  const recent: [string, Stats][] = [];
  const now = Date.now();
  for (let i = 0; i < listing.files.length; i++) {
    if (i > 0 && i % STAT_SLICE === 0) await yieldToLoop();
    if (context.stopped()) return null;
    const file = listing.files[i] as string;
    if (!context.isWanted(file)) continue;
    const stats = statFile(file);
    if (typeof stats === 'string' || !stats.isFile()) continue;
    if (listing.links.has(file) && !context.guard.staysInside(file)) {
      context.guard.refuse(file, stats);
      continue;
    }
    const name = context.nameOf(file);
    entries.push([name, { size: stats.size, mtimeMs: stats.mtimeMs, fp: null, seq: entries.length + 1 }]);
    if (now - stats.mtimeMs < stableMs) recent.push([file, stats]);
  }
  return { entries, recent };
}

/**
 * Fingerprints of files recorded without one (the first look records first and reads after, so that it stays
 * fast): one small read per file, in slices. Only for files unchanged while read, and not `undecided` ones.
 */
export async function fingerprintUnread(
  record: FolderRecord,
  undecided: (name: string) => boolean,
  context: LookContext,
): Promise<[string, KnownFile, number][]> {
  const found: [string, KnownFile, number][] = [];
  // Only files recorded before the pass began: one that arrived during it without a fingerprint could not be read
  // as it settled, and arrives again when touched (settle-decision.ts).
  const arrivedBefore = record.nextSeq;
  let i = 0;
  for (const name of record.files.keys()) {
    if (++i % FINGERPRINT_SLICE === 0) await yieldToLoop();
    if (context.stopped()) break;
    const known = record.files.get(name);
    if (!known || known.fp !== null || known.seq >= arrivedBefore || undecided(name)) continue;
    const file = context.absolute(name);
    const fp = fingerprint(file, known.size);
    const after = statFile(file);
    if (fp === null || typeof after === 'string') continue;
    if (after.size === known.size && after.mtimeMs === known.mtimeMs) found.push([name, known, fp]);
  }
  return found;
}

/**
 * A later look (restart, rescan, the folder back): the names of the wanted files present, each new or changed one
 * handed to `consider` (files the stability tracker has already are present and left to it). Null when stopped.
 */
export async function presentFiles(
  listing: Listing,
  context: LookContext & {
    tracked(file: string): boolean;
    consider(file: string, name: string, stats: Stats): void;
  },
): Promise<Set<string> | null> {
  const present = new Set<string>();
  for (let i = 0; i < listing.files.length; i++) {
    // A synchronous stat costs microseconds where an async one costs a thread-pool round trip (measured ~10x
    // for a 10,000-file folder); slices keep any one stretch of the event loop short.
    if (i > 0 && i % STAT_SLICE === 0) await yieldToLoop();
    if (context.stopped()) return null;
    const file = listing.files[i] as string;
    if (!context.isWanted(file)) continue;
    const name = context.nameOf(file);
    if (context.tracked(file)) {
      present.add(name);
      continue;
    }
    const stats = statFile(file);
    // Unreadable for now (a scanner holding it on Windows) is not gone: forgetting it would run it again.
    if (stats === 'unreadable') present.add(name);
    if (typeof stats === 'string' || !stats.isFile()) continue;
    present.add(name);
    context.consider(file, name, stats);
  }
  return present;
}
