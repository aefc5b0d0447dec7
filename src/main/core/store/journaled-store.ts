import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { $ZodType } from 'zod/v4/core';
import { errorText } from '../../../shared/error-text';
import { z } from '../../../shared/zod-mini';
import { HubError } from '../errors';
import { PRIVATE_FILE_MODE } from '../private-files';
import { openJsonStore } from './json-store';
import { appendJsonLine, readJsonLines } from './jsonl-file';
import { sameJson } from './same-json';
import { moveAside } from './set-aside';
import { firstIssue } from './zod-issue';

/** Options for a snapshot-plus-journal store; the owner keeps the state in memory. */
export interface JournaledStoreOptions<S, Op> {
  dir: string;
  /** `history` → `history.json` (snapshot) and `history.journal.jsonl` (changes since). */
  name: string;
  /** Both built when first needed (see JsonStoreOptions.schema). */
  snapshotSchema: () => $ZodType<S>;
  opSchema: () => $ZodType<Op>;
  defaults: S;
  onProblem: (message: string) => void;
  describeDefaults: string;
  /** Rewrite the snapshot after this many journal lines; bounds both the journal and the replay at start. */
  compactEvery: number;
  /** Called once at open, before the journal's changes are replayed through `apply`. */
  restore(snapshot: S): void;
  /**
   * Applies one change to the owner's in-memory state: at open for each journal line, and in `append` right
   * after the line is written (before any compaction, which must see it). Re-applying a change the state
   * already has (a journal replayed over a snapshot that contains it) must be harmless.
   */
  apply(op: Op): void;
  /** The current state, for compaction. */
  snapshot(): S;
  /**
   * Read nothing until `load` (or a change that needs the state): `restore`, `apply` and the reports of damaged
   * files wait until then. Changes appended before it go to the journal only, and are replayed by `load`.
   */
  lazy?: boolean;
}

/** A store whose every change is on disk when `append` returns, at the cost of one small append. */
export interface JournaledStore<Op> {
  /**
   * Writes the change to the journal (throws if it could not), applies it, and compacts when due. With `flush`,
   * the line is also on the disk itself when this returns (it survives a power cut, not only a crash).
   */
  append(op: Op, options?: { flush?: boolean }): void;
  /**
   * Writes the whole state to the snapshot and empties the journal. When the state is back to the defaults and
   * the snapshot already says so (or is missing, which reads as them), only the journal is emptied.
   */
  compact(): void;
  /** Saves changes that could not be written when they were made (a full disk); throws if it still cannot. */
  retry(): void;
  /** Reads the snapshot and the journal into the owner's state, once (a lazy store's first reader calls it). */
  load(): void;
  readonly snapshotPath: string;
  readonly journalPath: string;
}

/**
 * Durable and fast together: rewriting a large JSON file on every change costs time proportional to its size,
 * and batching would lose changes in a crash. So each change is appended as one JSON line, and every
 * `compactEvery` changes the state is written atomically to the snapshot and the journal is emptied.
 * A crash between the two only replays changes the snapshot already has, which `apply` must tolerate.
 */
export function openJournaledStore<S extends object, Op>(
  options: JournaledStoreOptions<S, Op>,
): JournaledStore<Op> {
  // A snapshot found damaged (and perhaps not even moved aside) holds nothing the state can be compared with.
  let snapshotDamaged = false;
  const snapshot = openJsonStore({
    dir: options.dir,
    name: options.name,
    schema: options.snapshotSchema,
    defaults: options.defaults,
    onProblem: (message) => {
      snapshotDamaged = true;
      options.onProblem(message);
    },
    describeDefaults: options.describeDefaults,
    ...(options.lazy ? { lazy: true } : {}),
  });
  const journalPath = path.resolve(options.dir, `${options.name}.journal.jsonl`);
  // Journal lines since the last snapshot (null: not counted yet).
  let lines: number | null = null;
  // The snapshot on disk holds the defaults (or is missing, which reads as them).
  let savedDefaults = false;
  // After a failed append the journal may end in a fragment; the next change must rewrite it first.
  let damaged = false;
  let loaded = false;

  // Changes the disk refused while the state was not read yet: applied as soon as it is, saved by compaction.
  let pending: Op[] = [];
  // An append failed before the state was read: a fragment at the journal's end is ours, not damage to report.
  let ownFragment = false;
  // What was wrong with a damaged journal that load() found and that is not set aside yet. Its readable entries
  // are in memory; compaction sets the file aside (for inspection) and reports it before it empties the journal.
  let damage: string | null = null;

  const load = (): void => {
    if (loaded) return;
    const content = readJsonLines(journalPath);
    const ops: Op[] = [];
    const problems = [...content.problems];
    for (const value of content.values) {
      const parsed = z.safeParse(options.opSchema(), value);
      if (parsed.success) ops.push(parsed.data);
      else problems.push(firstIssue(parsed.error));
    }
    // Nothing is applied until everything is read: a read that fails leaves the store to read again later.
    const restored = snapshot.get();
    options.restore(restored);
    savedDefaults = !snapshotDamaged && sameJson(restored, options.defaults);
    for (const op of [...ops, ...pending]) options.apply(op);
    pending = [];
    loaded = true;
    lines = content.values.length + content.problems.length;
    const ours =
      ownFragment && content.tornTail && problems.length === content.problems.length && problems.length <= 1;
    if ((problems.length > 0 || content.tornTail) && !ours) {
      damage =
        problems.length > 0
          ? `${problems.length} unreadable entries (${problems[0]})`
          : 'an unfinished last line';
    }
    if (damage !== null || content.tornTail) {
      // Rewritten before anything is appended: a change would be glued onto the fragment.
      damaged = true;
      compact();
    } else if (lines >= options.compactEvery) {
      compactWhenPossible();
    }
  };

  function setAside(what: string): void {
    let outcome: string;
    try {
      outcome = `it was moved to ${moveAside(journalPath)}`;
    } catch (error) {
      outcome = `it could not be moved aside (${errorText(error)})`;
    }
    options.onProblem(`${journalPath} had ${what}; the readable entries were kept and ${outcome}`);
    damage = null;
  }

  // `rewrite`: write the snapshot even when it holds the state already. A retry after a failed write does, so
  // that it succeeds only when the disk has room again: emptying the journal alone frees room, and a retry that
  // "succeeded" that way would fail again at the next change.
  function compact(rewrite = false): void {
    load();
    const state = options.snapshot();
    const isDefaults = sameJson(state, options.defaults);
    if (rewrite || !isDefaults || !savedDefaults) {
      snapshot.set(state);
      savedDefaults = isDefaults;
    }
    // Only after the snapshot is safely written: a crash in between replays, it does not lose.
    if (damage !== null) setAside(damage);
    writeFileSync(journalPath, '', { mode: PRIVATE_FILE_MODE });
    lines = 0;
    damaged = false;
    ownFragment = false;
  }

  // Compaction is housekeeping: the journal already holds every change, so a failed rewrite is reported and
  // retried after another `compactEvery` changes rather than failing the change that triggered it.
  function compactWhenPossible(): void {
    try {
      compact();
    } catch (error) {
      lines = 0;
      options.onProblem(`${snapshot.path} could not be rewritten (${errorText(error)}); will retry later`);
    }
  }

  if (!options.lazy) load();

  return {
    snapshotPath: snapshot.path,
    journalPath,
    compact: () => compact(),
    load,
    append(op, { flush = false } = {}) {
      try {
        if (damaged) compact(true);
        else if (!loaded) {
          // Not read yet: a journal that ends cleanly takes the line as it is (replayed when the store is read),
          // so that a short-lived owner never reads what it does not need. Anything else is read first.
          lines ??= countLines(journalPath);
          if (lines === null) load();
        }
        appendJsonLine(journalPath, op, { flush });
      } catch (error) {
        // Memory goes ahead of the disk here, and only here: the change is kept and written by the next
        // successful compaction (retry, or the next append), which saves the whole state. Until then the caller
        // keeps its own record of the change (the run journal keeps the run), so a crash loses nothing.
        damaged = true;
        if (loaded) options.apply(op);
        else {
          pending.push(op);
          ownFragment = true;
        }
        throw new HubError('store-write-failed', `Could not save to ${journalPath}: ${errorText(error)}`, {
          cause: error,
        });
      }
      if (loaded) options.apply(op);
      lines = (lines ?? 0) + 1;
      if (lines >= options.compactEvery) compactWhenPossible();
    },
    retry() {
      if (!damaged) return;
      try {
        compact(true);
      } catch (error) {
        throw new HubError('store-write-failed', `Could not save ${snapshot.path}: ${errorText(error)}`, {
          cause: error,
        });
      }
    },
  };
}

/**
 * The journal's line count, read without parsing it; null when it cannot be appended to blindly: unreadable,
 * or cut short in its last line (the next line would be glued onto the fragment). Read through one small buffer:
 * a history journal near its compaction holds some 500 KB, and a buffer of that size for every short-lived
 * command that appends to it cost ~6 ms here (its fresh pages, mostly).
 */
function countLines(file: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 0 : null;
  }
  try {
    countBuffer ??= Buffer.allocUnsafe(64 * 1024);
    let count = 0;
    let last = 0x0a;
    for (;;) {
      const read = readSync(fd, countBuffer, 0, countBuffer.length, null);
      if (read === 0) break;
      const chunk = countBuffer.subarray(0, read);
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) count++;
      last = chunk[read - 1] as number;
    }
    return last === 0x0a ? count : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

let countBuffer: Buffer | null = null;
