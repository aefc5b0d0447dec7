import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A real small disk can be mounted here: Linux, as root (as on CI). Tests that need one skip otherwise. */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

/**
 * Mounts a tmpfs of `size` (e.g. "1m") for the tests of the calling describe block and unmounts it afterwards:
 * a real disk that fills up. Returns a getter for the mount point (known once beforeAll has run).
 */
export function useTmpfs(size: string): () => string {
  let mountPoint = '';
  beforeAll(() => {
    mountPoint = mkdtempSync(join(tmpdir(), 'hub-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]);
  });
  afterAll(() => {
    if (!mountPoint) return;
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });
  return () => mountPoint;
}
