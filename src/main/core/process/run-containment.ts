import { newRunCgroup, runContainersWarmed } from './cgroup/open-cgroup';
import type { RunCgroup } from './cgroup/run-cgroup';
import type { Containment, ContainmentOptions, PreparedContainment } from './containment';
import { type KillReport, type KillTreeOptions, killProcessTree } from './kill-tree';
import { processStartTime } from './process-table';
import { prepareJob } from './win32/job-containment';
import { JobPreparation } from './win32/job-run-containment';
import { loadKernel32 } from './win32/kernel32';

export type { Containment, ContainmentOptions, PreparedContainment } from './containment';
export type { RunAccounting } from './win32/job-containment';

/**
 * Prepares the containment of one run: on Windows loads the Win32 binding (once per process) and creates the
 * run's Job Object with its limits, so that after spawn() only the assignment is left. Never throws: whatever
 * fails leaves the fallback, with `partial` saying why.
 *
 * The gap between spawn() and the assignment: libuv starts the child suspended, puts it in its own job and
 * resumes it; contain() then assigns it to ours in the same JavaScript turn, microseconds later. Before the child
 * can start a process of its own it must load its DLLs and run its startup code (milliseconds), so in practice
 * nothing is started in between. Anything that were would still be in libuv's job (ended when the hub exits) but
 * not in the run's. Everything started after the assignment is in the run's job, which Windows nests inside
 * libuv's: breakaway is decided by the innermost job, and ours allows none.
 */
export async function prepareContainment(options: ContainmentOptions): Promise<PreparedContainment> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') {
    // Linux, where a cgroup v2 hierarchy can be used: the run's own cgroup, which no process of it can leave. Made
    // once a hub's warm-up move is over: cgroupfs calls wait behind it, and this one would on the event loop.
    if (platform === 'linux') await runContainersWarmed();
    const cgroup = platform === 'linux' && options.marker ? newRunCgroup(options.marker.value) : null;
    return fallbackPreparation(options, null, cgroup);
  }
  const loaded = await loadKernel32(platform);
  if (!loaded.ok) return fallbackPreparation(options, loaded.reason);
  let prepared: ReturnType<typeof prepareJob>;
  try {
    prepared = prepareJob(loaded.kernel32, options);
  } catch (error) {
    return fallbackPreparation(options, `no Job Object: ${(error as Error).message}`);
  }
  return new JobPreparation(prepared, loaded.kernel32, options, fallback);
}

/** prepareContainment() and contain() in one, for callers with nothing to do between them. */
export async function contain(pid: number, options: ContainmentOptions): Promise<Containment> {
  return (await prepareContainment(options)).contain(pid);
}

function fallbackPreparation(
  options: ContainmentOptions,
  reason: string | null,
  cgroup: RunCgroup | null = null,
): PreparedContainment {
  return new TreeKillPreparation(options, reason, cgroup);
}

// Classes, not objects of closures: a run holds its containment for as long as it runs, and a closure per method
// per run is heap held per running job.
class TreeKillPreparation implements PreparedContainment {
  constructor(
    private readonly options: ContainmentOptions,
    private readonly reason: string | null,
    private readonly cgroup: RunCgroup | null,
  ) {}

  around<T extends { pid?: number | undefined }>(start: () => T): T {
    return this.cgroup ? this.cgroup.contain(start) : start();
  }

  ready(): Promise<void> {
    return this.cgroup ? this.cgroup.enter() : READY;
  }

  contain(pid: number, rootStartTime?: Promise<string | null>): Containment {
    return new TreeKillContainment(pid, this.options, this.reason, rootStartTime, this.cgroup);
  }

  discard(): void {
    void this.cgroup?.dispose();
  }
}

/**
 * The tree kill as containment: a process group on POSIX (complete there, so not partial; with the run's cgroup
 * on Linux, even a process that left the group, the tree and the marker is found and `cgroup.kill` ends all),
 * taskkill /T on Windows (partial: it cannot reach processes whose parent already exited, and limits are not
 * Windows'). Not
 * tree-kill, which runs taskkill through a shell by name from PATH and reports before the processes are gone;
 * killProcessTree runs it by absolute path and verifies.
 */
class TreeKillContainment implements Containment {
  readonly enforcesLimits = false;
  readonly notes: readonly string[] = NO_NOTES;
  readonly #rootStartTime: Promise<string | null>;

  constructor(
    private readonly pid: number,
    private readonly options: ContainmentOptions,
    readonly partial: string | null,
    knownStartTime: Promise<string | null> | undefined,
    private readonly cgroup: RunCgroup | null,
  ) {
    this.#rootStartTime = knownStartTime ?? processStartTime(pid).catch(() => null);
  }

  async terminate(): Promise<KillReport> {
    const { pid, options, cgroup } = this;
    const startTime = await this.#rootStartTime;
    const killOptions: KillTreeOptions = {
      graceMs: options.graceMs,
      ...(options.hurry ? { hurry: options.hurry } : {}),
      ...(options.marker ? { marker: options.marker } : {}),
      ...(startTime ? { rootStartTime: startTime } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      ...(cgroup ? { container: cgroup } : {}),
    };
    return killProcessTree(pid, killOptions).catch(
      (): KillReport => ({ pids: [pid], forced: true, survivors: [pid] }),
    );
  }

  activeProcesses(): null {
    return null;
  }

  accounting(): null {
    return null;
  }

  memoryLimitHit(): boolean {
    return false;
  }

  close(): void | Promise<void> {
    return this.cgroup?.dispose();
  }
}

const NO_NOTES: readonly string[] = Object.freeze([]);
const READY: Promise<void> = Promise.resolve();

function fallback(
  pid: number,
  options: ContainmentOptions,
  partial: string | null,
  knownStartTime?: Promise<string | null>,
  cgroup: RunCgroup | null = null,
): Containment {
  return new TreeKillContainment(pid, options, partial, knownStartTime, cgroup);
}
