import { errorText } from '../../../shared/error-text';
import type { Notice } from '../../../shared/hub-api';

/** How often writes the disk refused are tried again while it refuses. */
export const RETRY_EVERY_MS = 10_000;

/**
 * Writes to the data folder that fail (a full or read-only disk) must never stop triggers or lose a run: the
 * state is kept in memory and written again later. This says so once per kind of write, retries every 10 s while
 * something is unsaved, and says when everything is saved again.
 */
export class StorageFaults {
  readonly #failing = new Map<string, () => void>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly notice: (level: Notice['level'], message: string) => void,
    private readonly retryEveryMs = RETRY_EVERY_MS,
  ) {}

  /** Some write is waiting for the data folder to accept it again. */
  get failing(): boolean {
    return this.#failing.size > 0;
  }

  /** A write of `what` failed; `retry` writes it again (and throws while it still cannot). */
  failed(what: string, error: unknown, retry: () => void): void {
    if (!this.#failing.has(what)) {
      this.notice(
        'error',
        `Could not save ${what}: ${errorText(error)}. Triggers and runs go on; what could not be saved is kept and written as soon as the data folder accepts it again (free some space, or make it writable).`,
      );
    }
    this.#failing.set(what, retry);
    this.#timer ??= setInterval(() => this.retry(), this.retryEveryMs);
    this.#timer.unref();
  }

  /** Tries every pending write again; true when nothing is left unsaved. */
  retry(): boolean {
    for (const [what, retry] of this.#failing) {
      try {
        retry();
      } catch {
        continue;
      }
      this.#failing.delete(what);
      this.notice(
        'info',
        `Saved ${what} again: nothing was lost while the data folder could not be written.`,
      );
    }
    if (this.#failing.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
    return this.#failing.size === 0;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
