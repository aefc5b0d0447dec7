import type { ProcessSettings } from '../../../shared/job-schema';
import type { RunResult } from '../../../shared/run-types';
import type { HurryFlag, KillReport } from '../process/kill-tree';
import { processStartTime } from '../process/process-table';
import { type Containment, type PreparedContainment, prepareContainment } from '../process/run-containment';
import type { OutcomeFacts } from './outcome';
import { RUN_MARKER_VARIABLE } from './run-environment';

/** SIGTERM first; SIGKILL for whatever is still alive after this long. */
export const DEFAULT_KILL_GRACE_MS = 5000;

const NOTHING: KillReport = { pids: [], forced: false, survivors: [] };

/** What the end of a run's tree adds to its outcome and its result. */
export interface SettledTree {
  facts: Pick<OutcomeFacts, 'leftovers' | 'survivors' | 'memoryRefused'>;
  /** Partial containment, refused limits. */
  notes: string[];
  /** The run's CPU time, peak memory and process count where its Job Object counted them. */
  accounting: Partial<Pick<RunResult, 'cpuMs' | 'peakMemoryBytes' | 'processesStarted'>>;
}

/**
 * The processes of one run and how to end them all. Prepared before spawn() (on Windows its Job Object, so that
 * only the assignment is left once the process exists; on Linux its cgroup, which the spawn happens in) and given
 * the process by `adopt()` right after.
 * Knows the root's start time (so a reused pid is never taken for ours) and the run marker (so descendants that
 * left the tree are found on Linux). `stop()` ends the tree on a timeout or a cancel; `settle()`, once the root
 * has exited, ends whatever is left of it and collects what the job counted.
 */
export class RunTree {
  #pid = 0;
  #startTime: Promise<string | null> = Promise.resolve(null);
  #containment: Containment | null = null;
  #stopping: Promise<KillReport> | null = null;

  private constructor(
    private readonly prepared: PreparedContainment,
    private readonly maxMemoryMB: number | undefined,
  ) {}

  /**
   * Makes the run's containment ready: the Job Object with `priority` and `maxMemoryMB` on Windows. `hurry`
   * (a second Ctrl+C) cuts a POSIX grace period short; a Job Object has none.
   */
  static async prepare(
    settings: Pick<ProcessSettings, 'priority' | 'maxMemoryMB'>,
    runId: string,
    graceMs = DEFAULT_KILL_GRACE_MS,
    hurry?: HurryFlag,
  ): Promise<RunTree> {
    const prepared = await prepareContainment({
      priority: settings.priority,
      maxMemoryMB: settings.maxMemoryMB,
      graceMs,
      ...(hurry ? { hurry } : {}),
      marker: { name: RUN_MARKER_VARIABLE, value: runId },
    });
    return new RunTree(prepared, settings.maxMemoryMB);
  }

  /** Runs the synchronous spawn so that the child is born contained (Linux: inside the run's cgroup). */
  around<T extends { pid?: number | undefined }>(start: () => T): T {
    return this.prepared.around(start);
  }

  /** Readies `around` without blocking the event loop (Linux: the step into the run's cgroup); never rejects. */
  ready(): Promise<void> {
    return this.prepared.ready();
  }

  /** Takes charge of the spawned process; synchronous, so it runs in the same turn as spawn(). */
  adopt(pid: number): void {
    this.#pid = pid;
    this.#startTime = processStartTime(pid).catch(() => null);
    this.#containment = this.prepared.contain(pid, this.#startTime);
  }

  /** spawn() failed: releases what was prepared. */
  discard(): void {
    this.prepared.discard();
  }

  /** The root's start time, the token that tells it from a later process with the same pid. */
  get startTime(): Promise<string | null> {
    return this.#startTime;
  }

  /** Whether Windows applies the run's priority and memory limit to all its processes (its Job Object). */
  get enforcesLimits(): boolean {
    return this.#containment?.enforcesLimits ?? false;
  }

  /** Whether stop() was called. */
  get stopping(): boolean {
    return this.#stopping !== null;
  }

  /** Ends the whole tree (job or SIGTERM, grace period, SIGKILL), verified. Calling it again joins the first stop. */
  stop(): Promise<KillReport> {
    this.#stopping ??= this.#terminate();
    return this.#stopping;
  }

  /**
   * The root has exited: finishes a stop in progress, and ends any process of the run still alive, so a run
   * never leaves a process behind: on Windows everything still in the run's Job Object, on POSIX its group, its
   * descendants and the marker's carriers. Without a Job Object Windows cannot find the children of an exited
   * process (taskkill /T walks live parents only), so that sweep is skipped there. `leftovers` counts what a run
   * that exited by itself left. Releases the job afterwards.
   */
  async settle(): Promise<SettledTree> {
    const containment = this.#containment;
    if (!containment) return { facts: { leftovers: 0, survivors: [] }, notes: [], accounting: {} };
    const blind = process.platform === 'win32' && !containment.enforcesLimits;
    const stopped = this.#stopping !== null;
    const report = await (this.#stopping ?? (blind ? NOTHING : this.#terminate()));
    // After a stop, POSIX looks once more for stragglers; a Job Object's stop was verified by its own count.
    const sweep = stopped && process.platform !== 'win32' ? await this.#terminate() : report;
    const accounting = containment.accounting();
    const memoryRefused = this.maxMemoryMB !== undefined && containment.memoryLimitHit();
    await containment.close();
    return {
      facts: {
        leftovers: stopped ? 0 : sweep.pids.filter((p) => p !== this.#pid).length,
        survivors: [...new Set([...report.survivors, ...sweep.survivors])],
        ...(memoryRefused && this.maxMemoryMB
          ? { memoryRefused: { limitMB: this.maxMemoryMB, peakBytes: accounting?.peakMemoryBytes ?? null } }
          : {}),
      },
      notes: [
        ...containment.notes,
        ...(containment.partial
          ? [
              `containment was partial (${containment.partial}): processes whose parent had already exited could not be found`,
            ]
          : []),
      ],
      accounting: accounting
        ? {
            cpuMs: accounting.cpuMs,
            processesStarted: accounting.processesStarted,
            ...(accounting.peakMemoryBytes !== null ? { peakMemoryBytes: accounting.peakMemoryBytes } : {}),
          }
        : {},
    };
  }

  #terminate(): Promise<KillReport> {
    const containment = this.#containment;
    if (!containment) return Promise.resolve(NOTHING);
    return containment
      .terminate()
      .catch((): KillReport => ({ pids: [this.#pid], forced: true, survivors: [this.#pid] }));
  }
}
