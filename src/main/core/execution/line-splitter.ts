/** Longest line the status protocol looks at; longer lines are ordinary output. */
export const MAX_STATUS_LINE_BYTES = 4096;

const NEWLINE = 0x0a;
const COLON = 0x3a;

/**
 * Finds status-protocol lines (`::…`) in a byte stream without decoding the rest of it:
 * a job may print a gigabyte, so only lines starting with "::" are ever turned into strings,
 * and a partial line is kept only while it could still be one (bounded by MAX_STATUS_LINE_BYTES).
 */
export class StatusLineSplitter {
  #carry: Buffer | null = null;
  /** True while skipping the rest of a line that cannot be a status line. */
  #skipping = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.#take(chunk, start, end, newline !== -1);
      if (newline === -1) return;
      start = newline + 1;
      // Fast path: no "::" ahead means no status line can start in the rest of the chunk.
      if (chunk.indexOf('::', start) === -1) {
        const last = chunk.lastIndexOf(NEWLINE);
        if (last >= start) start = last + 1;
        this.#skipping = !this.#couldStart(chunk, start);
        this.#carry = this.#skipping || start >= chunk.length ? null : Buffer.from(chunk.subarray(start));
        return;
      }
    }
  }

  /** Delivers a last line that had no newline. */
  end(): void {
    if (this.#carry && !this.#skipping) this.#emit(this.#carry);
    this.#carry = null;
    this.#skipping = false;
  }

  #take(chunk: Buffer, start: number, end: number, complete: boolean): void {
    if (this.#skipping) {
      if (complete) this.#skipping = false;
      return;
    }
    const piece = chunk.subarray(start, end);
    const line = this.#carry ? Buffer.concat([this.#carry, piece]) : piece;
    this.#carry = null;
    if (line.length > MAX_STATUS_LINE_BYTES || !this.#couldStart(line, 0)) {
      this.#skipping = !complete;
      return;
    }
    if (complete) this.#emit(line);
    else this.#carry = Buffer.from(line);
  }

  /** A line can be a status line while its first bytes are ':' ':' (or not yet known). */
  #couldStart(bytes: Buffer, at: number): boolean {
    const available = bytes.length - at;
    if (available <= 0) return true;
    if (bytes[at] !== COLON) return false;
    return available < 2 || bytes[at + 1] === COLON;
  }

  #emit(line: Buffer): void {
    const text = line.toString('utf8');
    this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }
}
