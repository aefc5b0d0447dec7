import { existsSync } from 'node:fs';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneLogs } from '../../../../src/main/core/store/log-pruner';
import { useTempDirs } from '../../../helpers/temp';

const NOW = new Date('2025-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

/** A log of `size` bytes last written `age` days before NOW. */
async function log(file: string, size: number, age: number): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.alloc(size, 0x61));
  await utimes(file, daysAgo(age), daysAgo(age));
  return file;
}

describe('pruneLogs', () => {
  const tempDir = useTempDirs();

  it('deletes logs older than maxAgeDays, in subfolders too, and reports what it freed', async () => {
    const logs = path.join(await tempDir(), 'logs');
    const old = await log(path.join(logs, 'a', 'old.log'), 100, 40);
    const older = await log(path.join(logs, 'older.log'), 50, 400);
    const recent = await log(path.join(logs, 'a', 'recent.log'), 100, 29);
    const result = await pruneLogs(logs, {
      maxAgeDays: 30,
      maxTotalBytes: Number.POSITIVE_INFINITY,
      now: NOW,
    });
    expect(result.deleted.sort()).toEqual([old, older].sort());
    expect(result.freedBytes).toBe(150);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('then deletes the oldest logs until the total fits', async () => {
    const logs = path.join(await tempDir(), 'logs');
    const a = await log(path.join(logs, 'a.log'), 400, 5);
    const b = await log(path.join(logs, 'b.log'), 400, 4);
    const c = await log(path.join(logs, 'c.log'), 400, 3);
    const d = await log(path.join(logs, 'd.log'), 400, 2);
    const result = await pruneLogs(logs, { maxAgeDays: 30, maxTotalBytes: 900, now: NOW });
    expect(result.deleted).toEqual([a, b]);
    expect(result.freedBytes).toBe(800);
    expect([c, d].every((f) => existsSync(f))).toBe(true);
  });

  it('never deletes logs in keep (running runs), by age or by size', async () => {
    const logs = path.join(await tempDir(), 'logs');
    const running = await log(path.join(logs, 'running.log'), 1000, 90);
    const other = await log(path.join(logs, 'other.log'), 10, 1);
    const result = await pruneLogs(logs, {
      maxAgeDays: 30,
      maxTotalBytes: 100,
      keep: new Set([path.join(logs, '.', 'running.log')]),
      now: NOW,
    });
    expect(existsSync(running)).toBe(true);
    // The kept log alone exceeds the budget, so everything else goes.
    expect(result.deleted).toEqual([other]);
  });

  it('never touches anything outside logsDir, even through a link inside it', async () => {
    const root = await tempDir();
    const logs = path.join(root, 'logs');
    const outside = await log(path.join(root, 'precious', 'keep.txt'), 500, 100);
    await log(path.join(logs, 'x.log'), 10, 100);
    await symlink(path.join(root, 'precious'), path.join(logs, 'link'), 'junction');
    // File links need admin rights or developer mode on Windows; the junction above covers folders there.
    await symlink(outside, path.join(logs, 'file-link.log')).catch((error: NodeJS.ErrnoException) => {
      if (process.platform !== 'win32' || error.code !== 'EPERM') throw error;
    });
    const result = await pruneLogs(logs, { maxAgeDays: 1, maxTotalBytes: 0, now: NOW });
    expect(result.deleted).toEqual([path.join(logs, 'x.log')]);
    expect(existsSync(outside)).toBe(true);
  });

  it('treats a missing logs folder as empty', async () => {
    const result = await pruneLogs(path.join(await tempDir(), 'none'), { maxAgeDays: 1, maxTotalBytes: 0 });
    expect(result).toEqual({ deleted: [], freedBytes: 0 });
  });
});
