import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `path mode` (octal) for a folder and everything below it, for asserting that nothing is readable by others. */
export function modesBelow(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    const info = statSync(path);
    found.push(`${path} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

/** Entries of modesBelow that others may read, list or enter (any group or other permission bit). */
export function notPrivate(root: string): string[] {
  return modesBelow(root).filter(
    (entry) => (Number.parseInt(entry.split(' ').pop() as string, 8) & 0o077) !== 0,
  );
}
