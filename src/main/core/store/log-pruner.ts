import type { Dirent } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Limits for one pruning pass; Infinity turns a limit off. */
export interface PruneOptions {
  maxAgeDays: number;
  maxTotalBytes: number;
  /** Logs of runs in progress: never deleted, though they count toward the total. */
  keep?: Set<string>;
  /** The clock, injected so tests need not wait days. */
  now?: Date;
}

/** What a pass deleted. Files that could not be deleted (open on Windows) are skipped until the next pass. */
export interface PruneResult {
  deleted: string[];
  freedBytes: number;
}

interface LogFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Keeps the logs folder bounded: first deletes logs older than `maxAgeDays`, then the oldest logs until the
 * total is at most `maxTotalBytes`. Walks only `logsDir` and never follows links, so nothing outside it
 * can be touched, whatever a link inside it points to.
 */
export async function pruneLogs(logsDir: string, options: PruneOptions): Promise<PruneResult> {
  const now = (options.now ?? new Date()).getTime();
  const keep = new Set([...(options.keep ?? [])].map(samePath));
  const files = (await listFiles(path.resolve(logsDir))).sort((a, b) => a.mtimeMs - b.mtimeMs);
  const result: PruneResult = { deleted: [], freedBytes: 0 };
  let total = files.reduce((sum, file) => sum + file.size, 0);

  const remove = async (file: LogFile): Promise<void> => {
    try {
      await rm(file.path);
    } catch {
      return; // Still open (Windows) or already gone: the next pass will see it again.
    }
    result.deleted.push(file.path);
    result.freedBytes += file.size;
    total -= file.size;
  };

  const cutoff = now - options.maxAgeDays * DAY_MS;
  const survivors: LogFile[] = [];
  for (const file of files) {
    if (keep.has(samePath(file.path))) continue;
    if (file.mtimeMs < cutoff) await remove(file);
    else survivors.push(file);
  }
  // Oldest first: the newest logs are the ones someone is about to look at.
  for (const file of survivors) {
    if (total <= options.maxTotalBytes) break;
    await remove(file);
  }
  return result;
}

/** Every regular file under `dir`; links are neither followed nor listed. */
async function listFiles(dir: string): Promise<LogFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: LogFile[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) {
      const stats = await lstat(full).catch(() => null);
      if (stats?.isFile()) files.push({ path: full, size: stats.size, mtimeMs: stats.mtimeMs });
    }
  }
  return files;
}

/** Windows paths compare case-insensitively; `keep` may name a log with different casing or separators. */
function samePath(file: string): string {
  const resolved = path.resolve(file);
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}
