/** One file of a watched folder as the hub last saw it settle: its identity and when it arrived. */
export interface KnownFile {
  size: number;
  mtimeMs: number;
  /** Content fingerprint (file-fingerprint.ts); null when the file could not be read. */
  fp: number | null;
  /** Arrival number within the folder: a new arrival of the file gets a higher one. */
  seq: number;
}

const FIRST_CAPACITY = 16;

/**
 * A watched folder's files, kept as columns: the names in an array, size, modification time, fingerprint and
 * arrival number in typed arrays, and a map from name to position. An object per file holds its numbers in boxes
 * of their own, so a 10,000-file folder was some 40,000 small objects that every full collection of an idle hub
 * marked again; as columns it is a handful. Reads give a fresh KnownFile (a copy: change a file with `set`).
 * Iteration order is not insertion order (a deletion moves the last file into the hole), and a deletion during
 * `forEachSeq` or a `for…of` skips files: go through `keys()`, a copy, to change the files.
 */
export class FolderFiles {
  readonly #at = new Map<string, number>();
  readonly #names: string[] = [];
  #sizes = new Float64Array(FIRST_CAPACITY);
  #mtimes = new Float64Array(FIRST_CAPACITY);
  /** NaN for a file whose content could not be read (fingerprints are whole numbers below 2^48). */
  #fps = new Float64Array(FIRST_CAPACITY);
  #seqs = new Float64Array(FIRST_CAPACITY);

  get size(): number {
    return this.#names.length;
  }

  has(name: string): boolean {
    return this.#at.has(name);
  }

  get(name: string): KnownFile | undefined {
    const i = this.#at.get(name);
    return i === undefined ? undefined : this.#file(i);
  }

  /** Whether the file is recorded with this size and modification time (no copy made). */
  matches(name: string, size: number, mtimeMs: number): boolean {
    const i = this.#at.get(name);
    return i !== undefined && this.#sizes[i] === size && this.#mtimes[i] === mtimeMs;
  }

  set(name: string, file: KnownFile): this {
    let i = this.#at.get(name);
    if (i === undefined) {
      i = this.#names.length;
      if (i === this.#seqs.length) this.#grow(i * 2);
      this.#names.push(name);
      this.#at.set(name, i);
    }
    this.#sizes[i] = file.size;
    this.#mtimes[i] = file.mtimeMs;
    this.#fps[i] = file.fp ?? Number.NaN;
    this.#seqs[i] = file.seq;
    return this;
  }

  delete(name: string): boolean {
    const i = this.#at.get(name);
    if (i === undefined) return false;
    this.#at.delete(name);
    const last = this.#names.length - 1;
    const moved = this.#names.pop() as string;
    if (i !== last) {
      this.#names[i] = moved;
      this.#at.set(moved, i);
      for (const column of [this.#sizes, this.#mtimes, this.#fps, this.#seqs])
        column[i] = column[last] as number;
    }
    return true;
  }

  /** The names, as a copy: safe to change the files while going through them. */
  keys(): string[] {
    return [...this.#names];
  }

  /** Each file's arrival number with its name, without a copy of the file. */
  forEachSeq(fn: (seq: number, name: string) => void): void {
    for (let i = 0; i < this.#names.length; i++) fn(this.#seqs[i] as number, this.#names[i] as string);
  }

  *[Symbol.iterator](): IterableIterator<[string, KnownFile]> {
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i] as string, this.#file(i)];
  }

  #file(i: number): KnownFile {
    const fp = this.#fps[i] as number;
    return {
      size: this.#sizes[i] as number,
      mtimeMs: this.#mtimes[i] as number,
      fp: Number.isNaN(fp) ? null : fp,
      seq: this.#seqs[i] as number,
    };
  }

  #grow(capacity: number): void {
    const grown = (column: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(column);
      return next;
    };
    this.#sizes = grown(this.#sizes);
    this.#mtimes = grown(this.#mtimes);
    this.#fps = grown(this.#fps);
    this.#seqs = grown(this.#seqs);
  }
}
