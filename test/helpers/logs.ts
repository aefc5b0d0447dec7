import { open, readFile } from 'node:fs/promises';
import { outputBounds } from '../../src/main/core/execution/run-log-frame';

/** The job's own output in a run's log, byte for byte: what lies between the hub's header and outcome line. */
export async function logOutput(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  const { start, end } = outputBounds(bytes, { start: true, end: true });
  return bytes.subarray(start, end);
}

/** How many bytes of output a run's log holds, reading only its two ends (for logs of hundreds of megabytes). */
export async function logOutputSize(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const span = Math.min(size, 256 * 1024);
    const head = Buffer.alloc(span);
    await handle.read(head, 0, span, 0);
    const tail = Buffer.alloc(span);
    await handle.read(tail, 0, span, size - span);
    const start = outputBounds(head, { start: true, end: false }).start;
    const end = size - span + outputBounds(tail, { start: false, end: true }).end;
    return end - start;
  } finally {
    await handle.close();
  }
}
