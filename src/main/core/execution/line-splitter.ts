/** Longest line the status protocol looks at; longer lines are ordinary output. */
export const MAX_STATUS_LINE_BYTES = 4096;

const NEWLINE = 0x0a;
const COLON = 0x3a;

/**
 * Finds status-protocol lines (`::…`) in a byte stream without decoding the rest of it:
 * a job may print a gigabyte, so only lines starting with "::" are ever turned into strings,
 * and a partial line is kept only while it could still be one (bounded by MAX_STATUS_LINE_BYTES).
 * Linear in what the job prints: every search starts where the last one of its kind stopped, and the pieces
 * of a partial line are joined once, when it ends, not at every chunk.
 */
export class StatusLineSplitter {
  /** Pieces of a partial line that could still be a status line, and their total length. */
  #carry: Buffer[] = [];
  #carryLength = 0;
  /** True while skipping the rest of a line that cannot be a status line. */
  #skipping = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    // Where the next "::" at or after `start` is (-1: none in the rest of the chunk); searched again only once
    // `start` has passed it, so the chunk is searched for "::" once in all.
    let colons = -2;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.#take(chunk, start, end, newline !== -1);
      if (newline === -1) return;
      start = newline + 1;
      if (colons !== -1 && colons < start) colons = chunk.indexOf('::', start);
      // Fast path: no "::" ahead means no status line can start in the rest of the chunk.
      if (colons === -1) {
        const last = chunk.lastIndexOf(NEWLINE);
        if (last >= start) start = last + 1;
        this.#skipping = !this.#couldStart(chunk.subarray(start));
        if (!this.#skipping && start < chunk.length) this.#keep(chunk.subarray(start));
        return;
      }
    }
  }

  /** Delivers a last line that had no newline. */
  end(): void {
    if (this.#carryLength > 0 && !this.#skipping) this.#emit(this.#joined());
    this.#drop();
    this.#skipping = false;
  }

  #take(chunk: Buffer, start: number, end: number, complete: boolean): void {
    if (this.#skipping) {
      if (complete) this.#skipping = false;
      return;
    }
    const piece = chunk.subarray(start, end);
    if (this.#carryLength + piece.length > MAX_STATUS_LINE_BYTES || !this.#couldStart(piece)) {
      this.#drop();
      this.#skipping = !complete;
      return;
    }
    if (!complete) {
      this.#keep(piece);
      return;
    }
    this.#carry.push(piece);
    const line = this.#joined();
    this.#drop();
    this.#emit(line);
  }

  /** A copy: the chunk's memory belongs to the stream and may be reused. */
  #keep(piece: Buffer): void {
    this.#carry.push(Buffer.from(piece));
    this.#carryLength += piece.length;
  }

  #joined(): Buffer {
    return this.#carry.length === 1 ? (this.#carry[0] as Buffer) : Buffer.concat(this.#carry);
  }

  #drop(): void {
    this.#carry = [];
    this.#carryLength = 0;
  }

  /** Whether the line, continued by `piece`, can still be a status line: its first two bytes are "::" so far. */
  #couldStart(piece: Buffer): boolean {
    // What is carried was checked when it was kept, so only the bytes `piece` adds to the first two matter.
    const carried = this.#carryLength;
    const first = carried >= 1 ? COLON : piece[0];
    const second = carried >= 2 ? COLON : piece[1 - carried];
    return (first === undefined || first === COLON) && (second === undefined || second === COLON);
  }

  #emit(line: Buffer): void {
    const text = line.toString('utf8');
    this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }
}
