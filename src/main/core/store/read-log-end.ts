import { open, stat } from 'node:fs/promises';
import { OUTPUT_TAIL_BYTES } from '../../../shared/run-types';
import { decodeTail } from '../execution/output-tail';

/** The last bytes of a log (decoded as UTF-8 from a character boundary) and its size and modification time; null
 * when it cannot be read. */
export async function readLogEnd(
  path: string,
  maxBytes = OUTPUT_TAIL_BYTES,
): Promise<{ tail: string; size: number; mtime: Date } | null> {
  try {
    const info = await stat(path);
    const length = Math.min(info.size, maxBytes);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, info.size - length);
      return { tail: decodeTail(buffer), size: info.size, mtime: info.mtime };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
