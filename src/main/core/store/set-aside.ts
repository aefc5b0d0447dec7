import { copyFileSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * `state/history.json` → `state/history.corrupt-2025-01-02T03-04-05.678Z.json`. The timestamp has no ':'
 * because Windows forbids it in file names; a counter keeps two problems in the same millisecond apart.
 */
export function asidePath(file: string, now: Date = new Date()): string {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  const stamp = now.toISOString().replaceAll(':', '-');
  let candidate = `${base}.corrupt-${stamp}${ext}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${base}.corrupt-${stamp}-${n}${ext}`;
  return candidate;
}

/**
 * Moves a damaged file out of the way instead of deleting it: the user (or we) may still recover data from
 * it. Falls back to a copy when Windows refuses the rename (a virus scanner holding the file open).
 */
export function moveAside(file: string, now?: Date): string {
  const target = asidePath(file, now);
  try {
    renameSync(file, target);
  } catch {
    copyFileSync(file, target);
  }
  return target;
}

/** Keeps a copy of a file we are about to rewrite without some of its records, so that nothing is lost silently. */
export function copyAside(file: string, now?: Date): string {
  const target = asidePath(file, now);
  copyFileSync(file, target);
  return target;
}
