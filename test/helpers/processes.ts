import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../../src/main/core/process/process-table';
import { waitFor } from './wait-for';

/** An env var a test's processes inherit, so the test can find every one of them afterwards. */
export interface Marker {
  name: string;
  value: string;
}

/** Absolute path of test/fixtures/scripts/<name>, so tests do not depend on the working directory. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/scripts/${name}`, import.meta.url));
}

/** A fresh marker; the value is unique so parallel test files never match each other's processes. */
export function createMarker(name = 'AH_TEST_MARKER'): Marker {
  return { name, value: randomUUID() };
}

/** The pids a fixture has written to `file` so far (one per line); [] when it does not exist yet. */
export function readPidsNow(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => /^\d+$/.test(line.trim()))
    .map(Number);
}

/**
 * Waits until a fixture script has written at least `count` pids to `file`, and returns every pid
 * written so far (in file order): fixtures report pids as their processes come up.
 */
export async function readPids(file: string, count: number, timeoutMs = 20_000): Promise<number[]> {
  let pids: number[] = [];
  await waitFor(
    () => {
      pids = readPidsNow(file);
      return pids.length >= count;
    },
    { timeoutMs },
  ).catch(() => {
    throw new Error(
      `${file}: expected ${count} pids within ${timeoutMs} ms, got ${pids.length}: ${pids.join(' ')}`,
    );
  });
  return pids;
}

/** "pid (command line)" for failure messages, so a leaked process can be recognised. */
export function describeProcess(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return `${pid} (${cmdline || '?'})`;
  } catch {
    return `${pid} (?)`;
  }
}

/**
 * Waits up to `timeoutMs` for every pid to be dead (zombies count as dead: pid 1 here may never
 * reap orphans), then throws naming the live ones with their command lines.
 */
export async function expectNoSurvivors(pids: number[], timeoutMs = 3000): Promise<void> {
  let alive = pids;
  await waitFor(
    () => {
      alive = alive.filter(isAlive);
      return alive.length === 0;
    },
    { timeoutMs },
  ).catch(() => {
    throw new Error(`processes still alive after ${timeoutMs} ms: ${alive.map(describeProcess).join(', ')}`);
  });
}

/** Live processes (Linux) whose environment carries the marker: what a test left running. */
export function pidsWithMarker(marker: Marker): number[] {
  const needle = Buffer.from(`\0${marker.name}=${marker.value}\0`);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const environ = Buffer.concat([
        Buffer.from('\0'),
        readFileSync(`/proc/${pid}/environ`),
        Buffer.from('\0'),
      ]);
      if (environ.includes(needle) && isAlive(pid)) found.push(pid);
    } catch {
      // Gone or not ours: either way not something this test started.
    }
  }
  return found;
}

/** Resolves once `child` has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A fixture process started by ProcessTracker.start. */
export interface StartedFixture {
  child: ChildProcess;
  /** Its pid, which is also its process group id (it is started detached). */
  pid: number;
  /** Where the fixture writes its pids (passed as --pids-file). */
  pidsFile: string;
  /** Inherited by every process of the fixture. */
  marker: Marker;
}

function forceKill(pid: number, group = false): void {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Remembers every process, group, pids file and marker a test creates and SIGKILLs whatever is
 * left in `cleanup()` (call it from afterEach), so a failing test still leaves nothing behind —
 * and `cleanup()` itself fails if something survives even that.
 */
export class ProcessTracker {
  private readonly pids = new Set<number>();
  private readonly groups = new Set<number>();
  private readonly files = new Set<string>();
  private readonly markers: Marker[] = [];
  private readonly finders: (() => number[])[] = [];
  private readonly dirs: string[] = [];

  /** Remembers pids to kill at cleanup. */
  track(...pids: number[]): void {
    for (const pid of pids) this.pids.add(pid);
  }

  /** Remembers a process group to kill at cleanup. */
  trackGroup(pgid: number): void {
    this.groups.add(pgid);
  }

  /** Remembers a marker whose carriers are killed at cleanup (Linux). */
  trackMarker(marker: Marker): void {
    this.markers.push(marker);
  }
  /** Remembers a way to find more of a test's processes at cleanup (e.g. those of a run under Wine). */
  trackFinder(find: () => number[]): void {
    this.finders.push(find);
  }

  /** A pids-file path in a temp dir removed at cleanup; everything written to it is killed too. */
  pidsFile(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'ah-proc-'));
    this.dirs.push(dir);
    const file = path.join(dir, 'pids');
    this.files.add(file);
    return file;
  }

  /**
   * Starts `node test/fixtures/scripts/<name> --pids-file <tmp> ...args` detached (its own process
   * group, as the job runner does), with a fresh marker in its environment, and tracks all of it.
   */
  start(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): StartedFixture {
    const pidsFile = this.pidsFile();
    const marker = createMarker();
    this.trackMarker(marker);
    const child = spawn(process.execPath, [fixture(name), '--pids-file', pidsFile, ...args], {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, ...env, [marker.name]: marker.value },
    });
    if (child.pid === undefined) throw new Error(`could not start fixture ${name}`);
    this.track(child.pid);
    this.trackGroup(child.pid);
    return { child, pid: child.pid, pidsFile, marker };
  }

  /** SIGKILLs everything tracked, then proves it is gone; removes the temp dirs. */
  async cleanup(): Promise<void> {
    const all = new Set(this.pids);
    // A few rounds: a forking fixture may start children between the sweep and its own death.
    for (let round = 0; round < 5; round++) {
      for (const pgid of this.groups) forceKill(pgid, true);
      const found = [...this.files].flatMap(readPidsNow);
      for (const find of this.finders) found.push(...find());
      if (process.platform === 'linux') found.push(...this.markers.flatMap(pidsWithMarker));
      for (const pid of [...found, ...this.pids]) all.add(pid);
      const alive = [...all].filter(isAlive);
      if (alive.length === 0) break;
      for (const pid of alive) forceKill(pid);
      await sleep(50);
    }
    this.pids.clear();
    this.groups.clear();
    this.files.clear();
    this.markers.length = 0;
    this.finders.length = 0;
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await expectNoSurvivors([...all]);
  }
}
