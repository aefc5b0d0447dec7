import path from 'node:path';
import { nodeCrypto } from '../random';

// sun_path holds 108 bytes on Linux and 104 on macOS, terminator included.
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * Where the hub owning `root` listens. Windows: a named pipe whose name is derived from the data folder (pipes
 * live in one machine-wide namespace; the default pipe security lets only this user, administrators and SYSTEM
 * write to it). Elsewhere: `hub.sock` inside the data folder (mode 700), or, when that path is too long for a
 * socket, a hashed name in the temporary folder (the socket itself is made mode 600). Pure, for tests.
 */
export function channelAddress(root: string, platform: NodeJS.Platform, tmpDir: string): string {
  // Hashed only when a name needs it: hashing loads node:crypto, and OpenSSL with it.
  const id = () =>
    nodeCrypto()
      .createHash('sha256')
      .update(platform === 'win32' ? root.toLowerCase() : root)
      .digest('hex')
      .slice(0, 24);
  if (platform === 'win32') return `\\\\.\\pipe\\automation-hub-${id()}`;
  const inside = path.posix.join(root, 'hub.sock');
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH_BYTES) return inside;
  return path.posix.join(tmpDir, `automation-hub-${id()}.sock`);
}
