import type { Stats } from 'node:fs';
import { isInside, realPathOf } from './list-files';

/**
 * The real-path check before a file of a watched folder runs: the file (or the link it is) must resolve to a
 * place inside the folder's own real path (the folder itself may be a link, e.g. to another drive). A link to
 * `/usr`, to a file elsewhere, a dangling link or a loop is refused and reported once per file and version.
 */
export class LinkGuard {
  #realRoot: string | null = null;
  /** Refused files, with the size|mtime they had when reported. */
  readonly #refused = new Map<string, string>();

  constructor(
    private readonly folder: string,
    private readonly report: (message: string) => void,
  ) {}

  /** Resolves the folder's real path for the checks that follow; false when it cannot be resolved. */
  resolveRoot(): boolean {
    this.#realRoot = realPathOf(this.folder);
    return this.#realRoot !== null;
  }

  staysInside(file: string): boolean {
    const real = realPathOf(file);
    return this.#realRoot !== null && real !== null && isInside(this.#realRoot, real);
  }

  /** Reports that `file` leads outside the folder (once for this version of it). */
  refuse(file: string, stats: Stats): void {
    if (this.isRefused(file, stats)) return;
    this.#refused.set(file, identity(stats));
    const real = realPathOf(file);
    this.report(
      `${file} is a link to ${real ?? 'nowhere (broken or a loop)'}, outside ${this.folder}: it is ignored`,
    );
  }

  /** Whether this version of `file` was refused already (rescans need not look at it again). */
  isRefused(file: string, stats: Stats): boolean {
    return this.#refused.get(file) === identity(stats);
  }

  forget(file: string): void {
    this.#refused.delete(file);
  }
}

const identity = (stats: Stats) => `${stats.size}|${stats.mtimeMs}`;
