import type { CatalogSubscriber } from './catalog-types';

/**
 * The triggers on one catalog, and what they agree on: the catalog settles files at the shortest of their
 * `stableSeconds` (slower triggers wait the rest themselves) and polls when any of them asks to, at the shortest
 * interval asked for (polling sees everything events would, only later).
 */
export class CatalogSubscribers {
  readonly #all = new Set<CatalogSubscriber>();

  add(subscriber: CatalogSubscriber): void {
    this.#all.add(subscriber);
  }

  /** Removes one; true when none is left. */
  remove(subscriber: CatalogSubscriber): boolean {
    this.#all.delete(subscriber);
    return this.#all.size === 0;
  }

  /** The shortest settle period (0 with no trigger). */
  get stableMs(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.#all) min = Math.min(min, s.stableMs);
    return Number.isFinite(min) ? min : 0;
  }

  /** The poll period when any trigger polls, else null (the OS's events). */
  get pollIntervalMs(): number | null {
    let min: number | null = null;
    for (const s of this.#all) if (s.polling) min = Math.min(min ?? s.pollIntervalMs, s.pollIntervalMs);
    return min;
  }

  /** Calls `fn` for each (on a copy: a handler may stop its trigger). */
  each(fn: (subscriber: CatalogSubscriber) => void): void {
    for (const s of [...this.#all]) fn(s);
  }
}
