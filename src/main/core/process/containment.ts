import type { HurryFlag, KillReport } from './kill-tree';
import type { RunAccounting } from './win32/job-containment';
import type { RunLimits } from './win32/job-limits';

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
   * into the run's cgroup for the spawn, and out again (a move afterwards cannot promise that a child did not fork
   * and orphan a process first). Elsewhere it just calls `start`.
   */
  around<T extends { pid?: number | undefined }>(start: () => T): T;
  /**
   * Makes `around` quick: on Linux with a cgroup, steps the hub into the run's cgroup off the event loop. Await it
   * right before `around`, in the same spawn turn (spawn-turn.ts); never rejects.
   */
  ready(): Promise<void>;
  /** `rootStartTime` (processStartTime of `pid`), when the caller has it, spares the fallback asking again. */
  contain(pid: number, rootStartTime?: Promise<string | null>): Containment;
  /** Releases what was prepared when spawn() failed and there is nothing to contain. */
  discard(): void;
}
