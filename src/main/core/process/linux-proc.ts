import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isDeadState, type ProcStat, parseProcStat } from './proc-stat';
import type { ProcessEntry } from './process-table';

// /proc is read in batches so that a machine with thousands of processes cannot make us hit
// EMFILE, which would silently drop entries (and so miss a process we were asked to kill).
const BATCH = 32;

/** Sync stat read for isAlive(); null when the process is gone or hidden from us. */
export function readStatSync(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** Async stat read for processStartTime(); null when the process is gone or hidden from us. */
export async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** The Linux listProcesses(): one stat read per numeric /proc entry; vanished ones are skipped. */
export async function listLinuxProcesses(): Promise<ProcessEntry[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await inBatches(pids, async (pid) => ({ pid, stat: await readStat(pid) }));
  const entries: ProcessEntry[] = [];
  for (const { pid, stat } of stats) {
    if (stat) entries.push({ pid, ppid: stat.ppid, pgid: stat.pgrp, zombie: isDeadState(stat.state) });
  }
  return entries;
}

/**
 * The pids among `pids` whose initial environment holds exactly `entry` ("NAME=value"). This is
 * how processes that left the tree (setsid, reparented to init) are still recognised as ours:
 * they inherited the run's marker. Unreadable entries (another user's, gone) are skipped.
 */
export async function pidsWithEnvironEntry(entry: string, pids: readonly number[]): Promise<number[]> {
  const needle = Buffer.from(`\0${entry}\0`);
  const found = await inBatches(pids, async (pid) => {
    try {
      const environ = await readFile(`/proc/${pid}/environ`);
      // Framing with NULs makes the match exact: no prefix or suffix of another entry counts.
      return Buffer.concat([Buffer.from('\0'), environ, Buffer.from('\0')]).includes(needle) ? pid : null;
    } catch {
      return null;
    }
  });
  return found.filter((pid): pid is number => pid !== null);
}

async function inBatches<T, R>(items: readonly T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    results.push(...(await Promise.all(items.slice(i, i + BATCH).map(map))));
  }
  return results;
}
