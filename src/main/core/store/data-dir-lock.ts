import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText } from '../../../shared/error-text';
import { HubError } from '../errors';
import { makePrivateDirSync } from '../private-files';
import { isAlive, processStartTime } from '../process/process-table';
import { randomUUID } from '../random';
import { removeFile } from '../remove-file';
import { createExclusive } from './exclusive-file';
import { removeStaleTempFiles } from './stale-temp-files';

/** Ownership of a data directory; the hub holds it for its whole life. */
export interface DataDirLock {
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
  readonly path: string;
}

/** What `hub.lock` (and `hub.lock.takeover`) says about its owner. */
interface LockInfo {
  pid: number;
  /** processStartTime() of the owner: tells the owner from a process that later reused its pid. */
  startTime: string | null;
  hostname: string;
  since: string;
}

// Files are created complete (exclusive-file), so an unreadable lock is damage, not a starter mid-write;
// the wait only covers locks written by hand or on volumes without hard links.
const UNREADABLE_GRACE_MS = 2000;
const RETRY_MS = 25;
// Starters that keep losing races to each other give up after this long rather than spin forever.
const GIVE_UP_MS = 15_000;

const ABANDONED_ELSEWHERE_MS = 60_000;

// Locks this process holds: a lock naming our own pid that is not among them was left by an earlier process
// that had the same pid (common in containers, where the hub is often pid 1), so it is stale.
const heldHere = new Set<string>();

/**
 * Makes this process the only hub using `root`: two hubs would run every scheduled job twice and overwrite
 * each other's state. The lock is `<root>/hub.lock`, created exclusively. A lock whose owner is dead (or
 * whose pid now names another process) is stale. Removing it is the dangerous step: a starter that judged
 * it stale must not delete the fresh lock another starter made meanwhile. So removal happens only while
 * holding `hub.lock.takeover` (itself created exclusively), and only if the lock is still, byte for byte,
 * the one judged stale; every lock is unique (pid, time, nonce), so a fresh one never matches.
 */
export async function acquireDataDirLock(root: string): Promise<DataDirLock> {
  const dir = path.resolve(root);
  try {
    return await acquire(dir);
  } catch (error) {
    if (error instanceof HubError) throw error;
    // A read-only or missing drive, no permission: say which folder, since the user chose it (--data).
    throw new HubError('data-dir-unusable', `Cannot use ${dir} as the data folder: ${errorText(error)}`, {
      cause: error,
    });
  }
}

async function acquire(dir: string): Promise<DataDirLock> {
  makePrivateDirSync(dir); // Once, as a hub starts: no thread-pool round trips for it.
  const lockPath = path.join(dir, 'hub.lock');
  // Computed once: the start time is a system call, but there is no need to repeat it.
  const me = await ownInfo();
  const content = `${JSON.stringify({ ...me, nonce: randomUUID() }, undefined, 2)}\n`;

  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    if (createExclusive(lockPath, content)) return heldLock(lockPath, content);
    const existing = await readSettled(lockPath);
    if (existing === null) continue; // Released between our attempt and our read: try again.
    const owner = parseLock(existing);
    if (await isHeld(lockPath, owner)) throw lockedError(dir, lockPath, owner as LockInfo);
    await removeStale(lockPath, existing, me);
  }
  throw new HubError(
    'data-dir-lock-failed',
    `Could not take ${lockPath}: other Automation Hubs kept starting at the same time. Try again.`,
  );
}

async function ownInfo(): Promise<LockInfo> {
  return {
    pid: process.pid,
    startTime: await processStartTime(process.pid),
    hostname: os.hostname(),
    since: new Date().toISOString(),
  };
}

/** The file's text, waiting a little while it does not parse. null: the file is gone. */
async function readSettled(file: string): Promise<string | null> {
  const until = Date.now() + UNREADABLE_GRACE_MS;
  for (;;) {
    const raw = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (raw === null || parseLock(raw) || Date.now() >= until) return raw;
    await sleep(RETRY_MS * 4);
  }
}

function parseLock(raw: string): LockInfo | null {
  try {
    const value = JSON.parse(raw) as Partial<LockInfo>;
    if (!Number.isInteger(value.pid) || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid as number,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      hostname: value.hostname,
      since: typeof value.since === 'string' ? value.since : 'an unknown time',
    };
  } catch {
    return null;
  }
}

/** Whether the owner still runs. An unreadable lock is stale: nobody can be shown as its owner. */
async function isHeld(lockPath: string, info: LockInfo | null): Promise<boolean> {
  if (!info) return false;
  // A hub on another computer (data folder on a share): its pid means nothing here, so assume it runs.
  if (info.hostname !== os.hostname()) return true;
  if (info.pid === process.pid) return heldHere.has(lockPath);
  return runs(info);
}

/** Whether the process named by a lock on this computer is still that process (same pid, same start). */
async function runs(info: LockInfo): Promise<boolean> {
  if (!isAlive(info.pid)) return false;
  if (info.startTime === null) return true;
  const now = await processStartTime(info.pid);
  // A different start time: the owner died and an unrelated process got its pid.
  if (now !== null) return now === info.startTime;
  return isAlive(info.pid);
}

/** Deletes the lock if it is still exactly `judged`, holding the takeover mutex meanwhile. */
async function removeStale(lockPath: string, judged: string, me: LockInfo): Promise<void> {
  const mutexPath = `${lockPath}.takeover`;
  const mine = `${JSON.stringify({ ...me, since: new Date().toISOString(), nonce: randomUUID() })}\n`;
  if (!createExclusive(mutexPath, mine)) {
    await clearAbandonedMutex(mutexPath);
    await sleep(RETRY_MS);
    return;
  }
  try {
    // Nobody else can delete hub.lock now, and a new one cannot appear while it exists: compare, then delete.
    const current = await readFile(lockPath, 'utf8').catch(() => null);
    if (current === judged) removeFile(lockPath);
  } finally {
    removeIfUnchanged(mutexPath, mine);
  }
}

/** A starter that died while taking over leaves the mutex behind; without this, no hub could start again. */
async function clearAbandonedMutex(mutexPath: string): Promise<void> {
  const raw = await readSettled(mutexPath);
  if (raw === null) return;
  const holder = parseLock(raw);
  if (holder) {
    if (holder.hostname !== os.hostname()) {
      // We cannot see that computer's processes; a takeover takes milliseconds, so a minute means abandoned.
      if (Date.now() - Date.parse(holder.since) < ABANDONED_ELSEWHERE_MS) return;
    } else if (holder.pid === process.pid || (await runs(holder))) {
      return;
    }
  }
  removeIfUnchanged(mutexPath, raw);
}

function removeIfUnchanged(file: string, expected: string): void {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (raw === expected) removeFile(file);
}

function heldLock(lockPath: string, content: string): DataDirLock {
  heldHere.add(lockPath);
  // Ours now: temp files of earlier starters that were killed while taking the lock can go.
  removeStaleTempFiles(path.dirname(lockPath), path.basename(lockPath));
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(lockPath);
      // Someone took it over (they judged us dead, e.g. after a suspend): theirs now, leave it.
      removeIfUnchanged(lockPath, content);
    },
  };
}

function lockedError(dir: string, lockPath: string, info: LockInfo): HubError {
  const elsewhere = info.hostname !== os.hostname();
  const who = `pid ${info.pid}${elsewhere ? ` on ${info.hostname}` : ''}, running since ${info.since}`;
  // When we could not verify the owner, the user is the only one who can tell that it is gone.
  const unverified = elsewhere || info.startTime === null;
  const hint = unverified ? ` If it is no longer running, delete ${lockPath}.` : '';
  return new HubError(
    'data-dir-locked',
    `Another Automation Hub (${who}) already uses ${dir}. Stop it first, or give this one another folder with --data.${hint}`,
  );
}
