import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { isDeadState, type ProcStat, parseProcStat } from './proc-stat';
import type { ProcessEntry } from './process-entry';

// procfs files are generated in memory: a synchronous read never waits on a disk and costs a few µs, where an
// async fs/promises readFile costs a thread-pool round trip, four syscalls and a FileHandle (measured ~10x).
// Reads happen in slices with a yield in between, so that a machine with thousands of processes costs the
// event loop a few ms at a time, not one long stall.
const SLICE = 256;
let scratch = Buffer.allocUnsafe(16 * 1024);

/** The whole content of a /proc file; 'denied' when it is not ours to read; null when gone. Reuses one buffer. */
function readProcFile(path: string): Buffer | 'denied' | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'denied' : null;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, length, scratch.length - length, null);
      if (n === 0) return scratch.subarray(0, length);
      length += n;
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Sync stat read; null when the process is gone or hidden from us. */
export function readStatSync(pid: number): ProcStat | null {
  const bytes = readProcFile(`/proc/${pid}/stat`);
  return bytes instanceof Buffer ? parseProcStat(bytes.toString('latin1')) : null;
}

/** Kept async for callers; the read itself is synchronous (see above). */
export async function readStat(pid: number): Promise<ProcStat | null> {
  return readStatSync(pid);
}

/** The Linux listProcesses(): one stat read per numeric /proc entry; vanished ones are skipped. */
export async function listLinuxProcesses(): Promise<ProcessEntry[]> {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const entries: ProcessEntry[] = [];
  for (let i = 0; i < pids.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToLoop();
    const pid = Number(pids[i]);
    const stat = readStatSync(pid);
    if (stat) {
      entries.push({
        pid,
        ppid: stat.ppid,
        pgid: stat.pgrp,
        zombie: isDeadState(stat.state),
        startTime: stat.startTime,
      });
    }
  }
  return entries;
}

// A process's initial environment never changes, so what it says about a variable is read once per process
// instance (pid + start time), however many runs ask. Pruned to the processes of the latest table.
const environCache = new Map<string, string | null>();

/** The value of `name` in a process's initial environment (null when absent or unreadable). */
function environValue(pid: number, startTime: string | undefined, name: string): string | null {
  const key = startTime === undefined ? null : `${name}\0${pid}:${startTime}`;
  if (key !== null && environCache.has(key)) return environCache.get(key) ?? null;
  const environ = readProcFile(`/proc/${pid}/environ`);
  let value: string | null = null;
  if (environ instanceof Buffer) {
    const needle = Buffer.from(`${name}=`);
    for (let start = 0; start < environ.length; ) {
      let end = environ.indexOf(0, start);
      if (end === -1) end = environ.length;
      if (end - start >= needle.length && environ.subarray(start, start + needle.length).equals(needle)) {
        value = environ.subarray(start + needle.length, end).toString();
        break;
      }
      start = end + 1;
    }
  }
  // Remembered when the answer is final: an environment read, or one that is not ours to read. An empty read
  // (a kernel thread, or a process caught in the middle of exec) is asked again next time.
  const final = environ === 'denied' || (environ instanceof Buffer && environ.length > 0);
  if (key !== null && final) environCache.set(key, value);
  return value;
}

const markerIndexes = new WeakMap<ProcessEntry[], Map<string, Map<string, number[]>>>();

/**
 * Live processes of a table snapshot by the value of variable `name` in their initial environment: how
 * processes that left the tree (setsid, reparented to init) are still recognised as a run's (they inherited
 * its marker). Built once per snapshot and shared by every run that looks at it; each process's environment
 * is read once in its life (see environCache).
 */
export function markerIndex(table: ProcessEntry[], name: string): Map<string, number[]> {
  let byName = markerIndexes.get(table);
  if (!byName) {
    byName = new Map();
    markerIndexes.set(table, byName);
  }
  const cached = byName.get(name);
  if (cached) return cached;
  const index = new Map<string, number[]>();
  const live = new Set<string>();
  for (const entry of table) {
    if (entry.zombie || entry.pid === process.pid) continue;
    live.add(`${entry.pid}:${entry.startTime}`);
    const value = environValue(entry.pid, entry.startTime, name);
    if (value === null) continue;
    const list = index.get(value);
    if (list) list.push(entry.pid);
    else index.set(value, [entry.pid]);
  }
  for (const key of environCache.keys())
    if (!live.has(key.slice(key.indexOf('\0') + 1))) environCache.delete(key);
  byName.set(name, index);
  return index;
}
