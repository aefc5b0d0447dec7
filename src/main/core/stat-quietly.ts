import { type Stats, statSync } from 'node:fs';

/** What `path` is now, or undefined when it is missing or cannot be looked at (a permission, a dead share). */
export function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
