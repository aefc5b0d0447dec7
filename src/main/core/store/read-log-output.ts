import { type FileHandle, open } from 'node:fs/promises';
import { OUTPUT_TAIL_BYTES } from '../../../shared/run-types';
import { decodeTail } from '../execution/output-tail';
import {
  hasHeaderStart,
  MAX_HEADER_BYTES,
  MAX_OUTCOME_BYTES,
  outputBounds,
} from '../execution/run-log-frame';

/** The end of the job's own output in a run's log. */
export interface LogOutput {
  /** The last `maxBytes` of the output, decoded as UTF-8 from a character boundary. */
  text: string;
  /** The output is longer than `text`: it starts mid-output. */
  truncated: boolean;
  /** The whole log file's size in bytes (header and outcome line included). */
  size: number;
  /** The log's last change: when the run last wrote anything. */
  mtime: Date;
}

// Most headers are a few hundred bytes: read this much first, and up to MAX_HEADER_BYTES only for a long one.
const HEAD_BYTES = 8 * 1024;

/**
 * The end of a run's output as the job wrote it, without the header and outcome line the hub frames it with
 * (run-log-frame.ts): what the window's log view and crash recovery show. Null when the log cannot be read.
 */
export async function readLogOutput(path: string, maxBytes = OUTPUT_TAIL_BYTES): Promise<LogOutput | null> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    const read = async (from: number, to: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(Math.max(0, to - from));
      const { bytesRead } = await (handle as FileHandle).read(buffer, 0, buffer.length, from);
      return buffer.subarray(0, bytesRead);
    };
    let head = await read(0, Math.min(info.size, HEAD_BYTES));
    let { start } = outputBounds(head, { start: true, end: false });
    if (start === 0 && hasHeaderStart(head) && info.size > head.length) {
      head = await read(0, Math.min(info.size, MAX_HEADER_BYTES));
      start = outputBounds(head, { start: true, end: false }).start;
    }
    // The outcome line is within MAX_OUTCOME_BYTES of the end: read it along with the tail, then cut it off.
    const from = Math.max(start, info.size - maxBytes - MAX_OUTCOME_BYTES);
    const end = await read(from, info.size);
    const bounds = outputBounds(end, { start: false, end: true });
    const outputEnd = from + bounds.end;
    const textFrom = Math.max(from, outputEnd - maxBytes);
    return {
      text: decodeTail(end.subarray(textFrom - from, bounds.end)),
      truncated: textFrom > start,
      size: info.size,
      mtime: info.mtime,
    };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
