import { isUtf8 } from 'node:buffer';
import type iconvLite from 'iconv-lite';

/** A partial line held back longer than this is decoded as it is, so memory stays bounded. */
export const MAX_HELD_LINE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Turns one output stream of a cmd.exe or Windows PowerShell 5.1 run into UTF-8. Both write redirected output
 * in the console's code page (OEM: 437, 850, 866, 932…), while the programs a script starts may write UTF-8:
 * so each line is kept when it is valid UTF-8 and decoded from `codePage` otherwise. Lines end at LF or CR,
 * bytes that are never part of a multibyte character in these code pages. A partial line is passed on at once
 * when it is valid UTF-8 (a character cut at the end waits for its other bytes); otherwise it waits for the
 * end of its line (or MAX_HELD_LINE_BYTES), so a double-byte character split between reads is never cut.
 */
/** iconv-lite, loaded on first need: only runs through cmd.exe or Windows PowerShell decode a code page. */
let iconv: typeof iconvLite | null = null;

/** Loads the code-page tables a ConsoleOutputDecoder needs; call (and await) before making one. */
export async function loadCodePages(): Promise<void> {
  iconv ??= (await import('iconv-lite')).default;
}

function codePages(): typeof iconvLite {
  if (!iconv) throw new Error('loadCodePages() must finish before a ConsoleOutputDecoder is made');
  return iconv;
}

export class ConsoleOutputDecoder {
  #held: Buffer = Buffer.alloc(0);
  /** iconv-lite's name for the code page; null for one it lacks (65001 is UTF-8 itself): UTF-8 then. */
  readonly #encoding: string | null;

  constructor(codePage: number) {
    this.#encoding = codePages().encodingExists(`cp${codePage}`) ? `cp${codePage}` : null;
  }

  /** UTF-8 bytes for everything that can be decided now (possibly none). */
  push(chunk: Buffer): Buffer {
    const bytes = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    const cut = Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR)) + 1;
    const lines = bytes.subarray(0, cut);
    const rest = bytes.subarray(cut);
    const out = [isUtf8(lines) ? lines : this.#decodeLines(lines)];
    const keep = incompleteUtf8Tail(rest);
    const head = rest.subarray(0, rest.length - keep);
    if (isUtf8(head)) {
      out.push(head);
      this.#held = Buffer.from(rest.subarray(rest.length - keep));
    } else if (rest.length > MAX_HELD_LINE_BYTES) {
      out.push(this.#decode(rest));
      this.#held = Buffer.alloc(0);
    } else {
      this.#held = Buffer.from(rest);
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** The rest of a last line that had no line end. */
  end(): Buffer {
    const rest = this.#held;
    this.#held = Buffer.alloc(0);
    return this.#decode(rest);
  }

  #decodeLines(bytes: Buffer): Buffer {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === LF || bytes[i] === CR) {
        out.push(this.#decode(bytes.subarray(start, i + 1)));
        start = i + 1;
      }
    }
    return Buffer.concat(out);
  }

  #decode(line: Buffer): Buffer {
    if (isUtf8(line) || this.#encoding === null) return line;
    return Buffer.from(codePages().decode(line, this.#encoding), 'utf8');
  }
}

/**
 * How many bytes at the end of `bytes` start a UTF-8 character that is not complete yet (0-3): a lead byte
 * with fewer continuation bytes after it than it announces.
 */
function incompleteUtf8Tail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}
