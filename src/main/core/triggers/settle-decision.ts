import type { Stats } from 'node:fs';
import type { KnownFile } from '../store/watched-files-types';
import { fingerprint } from './file-fingerprint';

/** Whether a file's stats are what its record says (size and modification time). */
const sameAsKnown = (known: KnownFile, stats: Stats): boolean =>
  known.size === stats.size && known.mtimeMs === stats.mtimeMs;

/** What a file that stopped changing is, compared with its record. */
export type Settled =
  /** Exactly as recorded (a file of a first look proved stable). */
  | { kind: 'unchanged' }
  /** The same content under a new modification time (a touch): it keeps its arrival. */
  | { kind: 'touched'; file: KnownFile }
  /** A new path, size or content: a new arrival, numbered `nextSeq`. */
  | { kind: 'arrived'; file: KnownFile };

/**
 * Decides what a settled file is. The content is read (file-fingerprint.ts) only when size and modification time
 * alone cannot tell: a known file with the same size and another time. A file whose earlier content could not
 * be read (fingerprint null) arrives again rather than risk being lost.
 */
export function decideSettled(
  path: string,
  stats: Stats,
  known: KnownFile | undefined,
  nextSeq: number,
): Settled {
  if (known && sameAsKnown(known, stats)) return { kind: 'unchanged' };
  const fp = fingerprint(path, stats.size);
  if (known && known.size === stats.size && fp !== null && known.fp === fp) {
    return { kind: 'touched', file: { ...known, mtimeMs: stats.mtimeMs } };
  }
  return { kind: 'arrived', file: { size: stats.size, mtimeMs: stats.mtimeMs, fp, seq: nextSeq } };
}
