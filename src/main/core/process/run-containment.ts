import { newRunCgroup } from './cgroup/open-cgroup';
import type { RunCgroup } from './cgroup/run-cgroup';
import { type HurryFlag, type KillReport, type KillTreeOptions, killProcessTree } from './kill-tree';
import { processStartTime } from './process-table';
import {
  jobAccounting,
  memoryLimitReached,
  type PreparedJob,
  prepareJob,
  type RunAccounting,
  terminateJob,
} from './win32/job-containment';
import type { RunLimits } from './win32/job-limits';
import { type Kernel32, loadKernel32 } from './win32/kernel32';

export type { RunAccounting } from './win32/job-containment';

/** What a run asks of its containment. */
export interface ContainmentOptions extends RunLimits {
  /** How the fallback ends the tree where there is no job (today's tree kill): grace period and run marker. */
  graceMs: number;
  /** Set: the fallback's grace period ends now (a second Ctrl+C). */
  hurry?: HurryFlag;
  /** The run's marker variable, which the fallback follows on Linux to processes that left the tree. */
  marker?: { name: string; value: string };
  /** For tests of another platform's branch only. */
  platform?: NodeJS.Platform;
}

/**
 * Everything that holds a run's processes together, from spawn() until the run is recorded. On Windows a Job
 * Object; elsewhere (and on Windows when the job could not be made) the process-tree kill.
 */
export interface Containment {
  /** Why the run is not fully contained (the fallback is in use), in words for the run's message; null when it is. */
  readonly partial: string | null;
  /** Whether Windows itself applies `priority` and `maxMemoryMB` to every process of the run. */
  readonly enforcesLimits: boolean;
  /** Things the run's message should mention (a priority Windows refused). */
  readonly notes: readonly string[];
  /** Ends every process of the run and verifies it: the job's active count, or the tree kill's own check. */
  terminate(): Promise<KillReport>;
  /** Processes of the run alive now; null without a job. */
  activeProcesses(): number | null;
  /** CPU time, peak memory and processes started; null without a job. */
  accounting(): RunAccounting | null;
  /** Whether Windows refused the run memory beyond `maxMemoryMB`. */
  memoryLimitHit(): boolean;
  /**
   * Releases the job (with KILL_ON_JOB_CLOSE this ends anything still in it) or removes the run's cgroup. Call
   * once the run's processes are gone.
   */
  close(): void | Promise<void>;
}

/** Containment made ready before spawn(); `around` wraps it, `contain` runs synchronously right after it. */
export interface PreparedContainment {
  /**
   * Runs `start` (the synchronous spawn) so that the child is born contained: on Linux with a cgroup the hub steps
   * into the run's cgroup for the instant of the spawn (a move afterwards cannot promise that a child did not fork
   * and orphan a process first). Elsewhere it just calls `start`.
   */
  around<T extends { pid?: number | undefined }>(start: () => T): T;
  /** `rootStartTime` (processStartTime of `pid`), when the caller has it, spares the fallback asking again. */
  contain(pid: number, rootStartTime?: Promise<string | null>): Containment;
  /** Releases what was prepared when spawn() failed and there is nothing to contain. */
  discard(): void;
}

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
    // Linux, where a cgroup v2 hierarchy can be used: the run's own cgroup, which no process of it can leave.
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
  return {
    around: (start) => start(),
    contain: (pid, rootStartTime) => {
      try {
        prepared.job.assign(pid);
      } catch (error) {
        prepared.job.close();
        const reason = `the process could not be put in a Job Object: ${(error as Error).message}`;
        return fallback(pid, options, reason, rootStartTime);
      }
      return jobContainment(pid, prepared, loaded.kernel32, options);
    },
    discard: () => prepared.job.close(),
  };
}

/** prepareContainment() and contain() in one, for callers with nothing to do between them. */
export async function contain(pid: number, options: ContainmentOptions): Promise<Containment> {
  return (await prepareContainment(options)).contain(pid);
}

function jobContainment(
  pid: number,
  { job, notes }: PreparedJob,
  kernel32: Kernel32,
  options: ContainmentOptions,
): Containment {
  let limitSeen = false;
  let closed = false;
  // A Win32 call that fails mid-run hands the run to the fallback for good, and `partial` says so.
  let replacement: Containment | null = null;
  const useFallback = (error?: unknown): Containment => {
    replacement ??= fallback(
      pid,
      options,
      error ? `a Job Object call failed: ${(error as Error).message}` : 'its Job Object was already closed',
    );
    return replacement;
  };
  const viaJob = <T>(read: () => T, otherwise: (other: Containment) => T): T => {
    if (replacement || closed) return otherwise(useFallback());
    try {
      return read();
    } catch (error) {
      return otherwise(useFallback(error));
    }
  };
  return {
    get partial() {
      return replacement?.partial ?? null;
    },
    enforcesLimits: true,
    notes,
    terminate: async () => {
      if (replacement || closed) return useFallback().terminate();
      try {
        return await terminateJob(job, kernel32);
      } catch (error) {
        return useFallback(error).terminate();
      }
    },
    activeProcesses: () =>
      viaJob(
        () => job.accounting().activeProcesses,
        (other) => other.activeProcesses(),
      ),
    accounting: () =>
      viaJob(
        () => jobAccounting(job),
        (other) => other.accounting(),
      ),
    memoryLimitHit: () =>
      viaJob(
        () => {
          limitSeen = memoryLimitReached(job, options.maxMemoryMB, limitSeen);
          return limitSeen;
        },
        () => limitSeen,
      ),
    close: () => {
      if (closed) return;
      closed = true;
      job.close();
    },
  };
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

function fallback(
  pid: number,
  options: ContainmentOptions,
  partial: string | null,
  knownStartTime?: Promise<string | null>,
  cgroup: RunCgroup | null = null,
): Containment {
  return new TreeKillContainment(pid, options, partial, knownStartTime, cgroup);
}
