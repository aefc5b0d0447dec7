import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { removeFile } from '../remove-file';

// What a writer killed between writing its temp file and renaming it leaves beside the target: the atomic JSON
// writes, exclusive-file and the channel file (`x.<pid>.tmp`, `x.<pid>-<8 hex>.tmp`), and earlier versions'
// writes through conf (`history.json.tmp-<10 digits><6 hex>`).
const TEMP_SUFFIX = /^(?:\.tmp-\d{10}[0-9a-f]{6}|\.\d+(?:-[0-9a-f]{8})?\.tmp)$/;

/** A temp file younger than this may belong to a write in progress (another process starting up, say). */
const STALE_AFTER_MS = 5000;

/**
 * Removes temp files of `target` (a file name in `dir`) left by writes that never finished: a hub killed while
 * saving leaves one each time, and nothing else would ever remove them. Called where the file is opened by the
 * one process that owns it; recent ones are left alone. Never throws: this is tidying, not a reason to fail.
 */
export function removeStaleTempFiles(dir: string, target: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(target) || !TEMP_SUFFIX.test(name.slice(target.length))) continue;
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs >= STALE_AFTER_MS) removeFile(file);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}
