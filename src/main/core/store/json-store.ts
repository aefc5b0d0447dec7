import path from 'node:path';
import type { $ZodType } from 'zod/v4/core';
import { errorText } from '../../../shared/error-text';
import { z } from '../../../shared/zod-mini';
import { HubError } from '../errors';
import { readTextIfPresent } from '../read-if-present';
import { parseJsonText } from './json-text';
import { sameJson } from './same-json';
import { moveAside } from './set-aside';
import { removeStaleTempFiles } from './stale-temp-files';
import { writeFileAtomic } from './write-file-atomic';
import { firstIssue } from './zod-issue';

/** Options for one JSON file of state. */
export interface JsonStoreOptions<T> {
  dir: string;
  /** File name without `.json`. */
  name: string;
  /** Built when first needed: a file that is missing is not checked. */
  schema: () => $ZodType<T>;
  defaults: T;
  /** Told (once, at open) when the file was damaged and set aside; the hub shows it to the user. */
  onProblem: (message: string) => void;
  /** Ends the problem message: "starting with an empty history". Default "defaults". */
  describeDefaults?: string;
  /**
   * Reads a file that parsed as JSON but failed `schema`, keeping what it can: the value to use and a problem per
   * part it could not keep (reported, the file left as it is). Null: nothing to keep, the file is moved aside.
   */
  salvage?: (raw: unknown) => { value: T; problems: string[] } | null;
  /**
   * Keep a value the disk refused (full, read-only) in memory and let `flush` write it later, instead of keeping
   * the old one: for state the hub must act on at once (which due times were served).
   */
  keepUnsaved?: boolean;
  /** Read the file at the first `get` or `update`, not at open (problems are reported then). */
  lazy?: boolean;
}

/** One JSON object on disk, validated by zod, written atomically. Values are treated as immutable. */
export interface JsonStore<T> {
  get(): T;
  set(value: T): void;
  update(fn: (value: T) => T): T;
  /** Writes the current value again (after a write failed with `keepUnsaved`); throws if it still cannot. */
  flush(): void;
  readonly path: string;
}

/**
 * A typed JSON file that never crashes the hub: a damaged file is moved aside, reported and replaced by the
 * defaults. Writes are atomic (write-file-atomic.ts: a temp file, flushed, renamed over the old one, with retries
 * for the holds Windows' scanners put on files): after a crash the file holds either the old or the new value,
 * never half of each. The value is kept in memory, so reading costs nothing.
 */
export function openJsonStore<T extends object>(options: JsonStoreOptions<T>): JsonStore<T> {
  const file = path.resolve(options.dir, `${options.name}.json`);
  removeStaleTempFiles(options.dir, `${options.name}.json`);
  let current = options.lazy ? undefined : load(file, options);
  const read = (): T => {
    current ??= load(file, options);
    return current;
  };
  const set = (value: T): void => {
    const parsed = z.safeParse(options.schema(), value);
    if (!parsed.success) {
      // A bug in the caller, not the user's doing: refuse rather than persist something we could not reload.
      throw new Error(`${file}: refusing to save a value that fails its schema: ${firstIssue(parsed.error)}`);
    }
    if (options.keepUnsaved) current = parsed.data;
    try {
      writeFileAtomic(file, `${JSON.stringify(parsed.data, undefined, 2)}\n`);
    } catch (error) {
      throw new HubError('store-write-failed', `Could not save ${file}: ${errorText(error)}`, {
        cause: error,
      });
    }
    current = parsed.data;
  };

  return {
    path: file,
    // A copy: callers must not be able to change the cached value behind the file's back.
    get: () => structuredClone(read()),
    set,
    update(fn) {
      set(fn(structuredClone(read())));
      return structuredClone(read());
    },
    flush: () => set(read()),
  };
}

/** Reads and validates the file; anything unreadable is moved aside and reported, and defaults take over. */
function load<T>(file: string, options: JsonStoreOptions<T>): T {
  let text: string | null;
  try {
    text = readTextIfPresent(file);
  } catch (error) {
    // Permissions or a folder in the way: not damage we can repair by starting over, so the user must act.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new HubError('store-unreadable', `Could not read ${file}: ${errorText(error)}`, { cause: error });
    text = null; // Removed since it was looked for.
  }
  if (text === null) return structuredClone(options.defaults);
  let raw: unknown;
  try {
    raw = parseJsonText(text);
  } catch (error) {
    return setAside(file, `was unreadable (${errorText(error)})`, options);
  }
  // A file that holds exactly the defaults needs no check (a process that reads only such files never loads the
  // schema library).
  if (sameJson(raw, options.defaults)) return structuredClone(options.defaults);
  // Built before anything is judged: a schema that cannot be built (zod missing from a broken install) must stop
  // the start, not have the user's file set aside as damaged.
  const schema = options.schema();
  const salvaged = options.salvage?.(raw);
  if (salvaged) {
    for (const message of salvaged.problems) options.onProblem(`${file}: ${message}`);
    return salvaged.value;
  }
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return parsed.data;
  return setAside(file, `did not match the expected format (${firstIssue(parsed.error)})`, options);
}

/** Moves a damaged file aside (or says it could not), reports it, and gives the defaults. */
function setAside<T>(file: string, problem: string, options: JsonStoreOptions<T>): T {
  let outcome: string;
  try {
    outcome = `was moved to ${moveAside(file)}`;
  } catch (error) {
    // Even a file we cannot move must not stop the hub; the next save replaces it.
    outcome = `could not be moved aside (${errorText(error)})`;
  }
  options.onProblem(
    `${file} ${problem} and ${outcome}; starting with ${options.describeDefaults ?? 'defaults'}`,
  );
  return structuredClone(options.defaults);
}
