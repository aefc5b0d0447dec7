/** At most this much output per run per flush reaches listeners; the rest is in the log file. */
export const RELAY_MAX_BYTES = 16 * 1024;
/** Flush period: fast enough to feel live, slow enough that a flood costs a few events a second. */
export const RELAY_EVERY_MS = 200;

/**
 * Batches run output for live views. A job printing a gigabyte must not become a gigabyte of IPC messages:
 * output is collected per run and delivered at most every RELAY_EVERY_MS, keeping only the newest
 * RELAY_MAX_BYTES of each batch (the window shows a tail; the full log is on disk).
 */
export class OutputRelay {
  readonly #pending = new Map<string, Buffer[]>();
  readonly #sizes = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly deliver: (runId: string, text: string) => void) {}

  push(runId: string, chunk: Buffer): void {
    const chunks = this.#pending.get(runId) ?? [];
    chunks.push(chunk);
    let size = (this.#sizes.get(runId) ?? 0) + chunk.length;
    while (chunks.length > 1 && size - (chunks[0]?.length ?? 0) >= RELAY_MAX_BYTES)
      size -= chunks.shift()?.length ?? 0;
    this.#pending.set(runId, chunks);
    this.#sizes.set(runId, size);
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), RELAY_EVERY_MS);
      this.#timer.unref();
    }
  }

  /** Delivers everything pending now (also called when a run finishes, so its last lines are not lost). */
  flush(runId?: string): void {
    const ids = runId ? [runId] : [...this.#pending.keys()];
    for (const id of ids) {
      const chunks = this.#pending.get(id);
      this.#pending.delete(id);
      this.#sizes.delete(id);
      if (!chunks) continue;
      let bytes = Buffer.concat(chunks);
      if (bytes.length > RELAY_MAX_BYTES) bytes = bytes.subarray(bytes.length - RELAY_MAX_BYTES);
      this.deliver(id, bytes.toString('utf8'));
    }
    if (this.#pending.size === 0 && this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending.clear();
    this.#sizes.clear();
  }
}
