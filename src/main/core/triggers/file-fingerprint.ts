import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from '../random';

const EDGE_BYTES = 64 * 1024;
const SAMPLE_BYTES = 4 * 1024;
const SAMPLES = 16;
/** Files up to this size (192 KiB, what a larger file's samples add up to) are hashed whole. */
export const WHOLE_FILE_LIMIT = 2 * EDGE_BYTES + SAMPLES * SAMPLE_BYTES;

/**
 * A cheap fingerprint of a file's content, so that a `touch` (new modification time, same bytes) is not taken
 * for a new arrival while new content is. Files up to WHOLE_FILE_LIMIT (192 KiB) are hashed whole; a larger
 * file by its size, its first and last 64 KiB and 16 blocks of 4 KiB spread evenly between (192 KiB read,
 * however big the file): a 10,000-file folder costs one small read per file, once, and a 50 GB file costs what a 1 MB
 * one does. The price: a same-size rewrite of a large file that changes none of the sampled bytes is not seen.
 * The value is a 48-bit number (compact in memory and on disk; it is only ever compared with the same path's
 * earlier fingerprint, so collisions between files do not matter). Null when the file cannot be read.
 */
export function fingerprint(file: string, size: number): number | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const hash = nodeCrypto().createHash('sha1');
    hash.update(String(size));
    for (const [offset, length] of regions(size)) {
      const buffer = Buffer.allocUnsafe(length);
      const read = readSync(fd, buffer, 0, length, offset);
      hash.update(buffer.subarray(0, read));
    }
    return hash.digest().readUIntBE(0, 6);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The byte ranges [offset, length] a fingerprint reads. */
function regions(size: number): [number, number][] {
  if (size <= WHOLE_FILE_LIMIT) return [[0, size]];
  const out: [number, number][] = [[0, EDGE_BYTES]];
  const middleStart = EDGE_BYTES;
  const middleEnd = size - EDGE_BYTES;
  const step = (middleEnd - middleStart - SAMPLE_BYTES) / (SAMPLES - 1);
  for (let i = 0; i < SAMPLES; i++) {
    out.push([Math.floor(middleStart + i * step), SAMPLE_BYTES]);
  }
  out.push([middleEnd, EDGE_BYTES]);
  return out;
}
