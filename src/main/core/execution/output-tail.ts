/**
 * Keeps the last `limit` bytes of a stream in memory: results carry a bounded tail while the full
 * output goes to the log file, so a job printing gigabytes never grows the hub's memory.
 */
export class OutputTail {
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#chunks.length > 1 && this.#size - (this.#chunks[0]?.length ?? 0) >= this.limit) {
      this.#size -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** The tail as text; invalid UTF-8 becomes U+FFFD, and a character cut at the start is dropped. */
  text(): string {
    let bytes = Buffer.concat(this.#chunks);
    if (bytes.length > this.limit) bytes = bytes.subarray(bytes.length - this.limit);
    return decodeTail(bytes);
  }

  /** The last non-empty line, shortened for a one-line message. */
  lastLine(maxLength = 200): string | null {
    const lines = this.text().split(/\r?\n/);
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]?.trim();
      if (line && !line.startsWith('::')) {
        return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
      }
    }
    return null;
  }
}

/**
 * Decodes the end of an output as UTF-8: continuation bytes left over from a character cut at the start are
 * dropped, and invalid UTF-8 becomes U+FFFD. For in-memory tails and for tails read back from log files.
 */
export function decodeTail(bytes: Buffer): string {
  let start = 0;
  while (start < bytes.length && start < 3 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}
