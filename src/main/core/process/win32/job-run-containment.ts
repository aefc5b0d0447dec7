import type { Containment, ContainmentOptions, PreparedContainment } from '../containment';
import type { KillReport } from '../kill-tree';
import {
  jobAccounting,
  memoryLimitReached,
  type PreparedJob,
  type RunAccounting,
  terminateJob,
} from './job-containment';
import type { Kernel32 } from './kernel32';

/** The tree kill that takes over a run whose Job Object could not be used (run-containment's fallback). */
export type Fallback = (
  pid: number,
  options: ContainmentOptions,
  partial: string | null,
  knownStartTime?: Promise<string | null>,
) => Containment;

// Classes, not objects of closures: a run holds its containment for as long as it runs.

/** A run's Job Object, made before spawn(); `contain` assigns the process to it. */
export class JobPreparation implements PreparedContainment {
  constructor(
    private readonly prepared: PreparedJob,
    private readonly kernel32: Kernel32,
    private readonly options: ContainmentOptions,
    private readonly fallback: Fallback,
  ) {}

  around<T extends { pid?: number | undefined }>(start: () => T): T {
    return start();
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  contain(pid: number, rootStartTime?: Promise<string | null>): Containment {
    try {
      this.prepared.job.assign(pid);
    } catch (error) {
      this.prepared.job.close();
      const reason = `the process could not be put in a Job Object: ${(error as Error).message}`;
      return this.fallback(pid, this.options, reason, rootStartTime);
    }
    return new JobContainment(pid, this.prepared, this.kernel32, this.options, this.fallback);
  }

  discard(): void {
    this.prepared.job.close();
  }
}

/**
 * A run in its Job Object. A Win32 call that fails mid-run hands the run to the fallback for good, and `partial`
 * says so.
 */
class JobContainment implements Containment {
  readonly enforcesLimits = true;
  readonly notes: readonly string[];
  readonly #job: PreparedJob['job'];
  #limitSeen = false;
  #closed = false;
  #replacement: Containment | null = null;

  constructor(
    private readonly pid: number,
    prepared: PreparedJob,
    private readonly kernel32: Kernel32,
    private readonly options: ContainmentOptions,
    private readonly fallback: Fallback,
  ) {
    this.#job = prepared.job;
    this.notes = prepared.notes;
  }

  get partial(): string | null {
    return this.#replacement?.partial ?? null;
  }

  async terminate(): Promise<KillReport> {
    if (this.#replacement || this.#closed) return this.#useFallback().terminate();
    try {
      return await terminateJob(this.#job, this.kernel32);
    } catch (error) {
      return this.#useFallback(error).terminate();
    }
  }

  activeProcesses(): number | null {
    return this.#viaJob(
      () => this.#job.accounting().activeProcesses,
      (other) => other.activeProcesses(),
    );
  }

  accounting(): RunAccounting | null {
    return this.#viaJob(
      () => jobAccounting(this.#job),
      (other) => other.accounting(),
    );
  }

  memoryLimitHit(): boolean {
    return this.#viaJob(
      () => {
        this.#limitSeen = memoryLimitReached(this.#job, this.options.maxMemoryMB, this.#limitSeen);
        return this.#limitSeen;
      },
      () => this.#limitSeen,
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#job.close();
  }

  #useFallback(error?: unknown): Containment {
    this.#replacement ??= this.fallback(
      this.pid,
      this.options,
      error ? `a Job Object call failed: ${(error as Error).message}` : 'its Job Object was already closed',
    );
    return this.#replacement;
  }

  #viaJob<T>(read: () => T, otherwise: (other: Containment) => T): T {
    if (this.#replacement || this.#closed) return otherwise(this.#useFallback());
    try {
      return read();
    } catch (error) {
      return otherwise(this.#useFallback(error));
    }
  }
}
