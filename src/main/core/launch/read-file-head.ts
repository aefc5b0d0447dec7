import { closeSync, openSync, readSync } from 'node:fs';

/** LaunchContext.readFileHead on a real disk: the first `bytes` bytes of a file, or null when it cannot be read. */
export function readFileHead(path: string, bytes: number): Uint8Array | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(bytes);
    const read = readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, read);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
