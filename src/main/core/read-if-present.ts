import { existsSync, readFileSync } from 'node:fs';

/**
 * A file's text, or null when there is no such file. Most files a hub reads as it opens are missing in a young
 * data folder (settings, the event log, the run journal's snapshot, a channel file): asking first spares each an
 * exception, an Error with its message and stack (about 5 KB of young memory and tens of µs, where a `run` has
 * none to spare). A file removed between the two calls still throws ENOENT, which callers handle as before.
 */
export function readTextIfPresent(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
