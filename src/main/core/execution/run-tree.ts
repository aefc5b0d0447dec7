import { type KillReport, killProcessTree } from '../process/kill-tree';
import { processStartTime } from '../process/process-table';
import type { RunContainment } from './run-containment';
import { RUN_MARKER_VARIABLE } from './run-environment';

/** SIGTERM first; SIGKILL for whatever is still alive after this long. */
export const DEFAULT_KILL_GRACE_MS = 5000;

const NOTHING: KillReport = { pids: [], forced: false, survivors: [] };

/**
 * The processes of one run and how to end them all. Knows the root's start time (so a reused pid is never
 * taken for ours), the run marker (so descendants that left the tree are found on Linux) and, where the
 * platform offers one, the run's container (which nothing can leave). `stop()` ends the tree on a timeout or a
 * cancel; `settle()`, once the root has exited, ends whatever is left of it.
 */
export class RunTree {
  readonly #startTime: Promise<string | null>;
  #stopping: Promise<KillReport> | null = null;

  constructor(
    readonly pid: number,
    private readonly runId: string,
    private readonly graceMs: number,
    private readonly hurry?: AbortSignal,
    private readonly containment?: RunContainment | null,
  ) {
    this.#startTime = processStartTime(pid).catch(() => null);
  }

  /** The root's start time, the token that tells it from a later process with the same pid. */
  get startTime(): Promise<string | null> {
    return this.#startTime;
  }

  /** Whether stop() was called. */
  get stopping(): boolean {
    return this.#stopping !== null;
  }

  /** Ends the whole tree: SIGTERM, a grace period, SIGKILL, verified. Calling it again joins the first stop. */
  stop(): Promise<KillReport> {
    this.#stopping ??= this.#kill();
    return this.#stopping;
  }

  /**
   * The root has exited: finishes a stop in progress, and ends any process of the run still alive, so a run
   * never leaves a process behind (including descendants that left its process group: the run marker finds them
   * on Linux). Windows cannot find the children of an exited process (taskkill /T walks live parents only), so
   * the sweep after a normal exit is POSIX-only there. `leftovers` counts what a run that exited by itself left.
   */
  async settle(): Promise<{ leftovers: number; survivors: number[] }> {
    const windows = process.platform === 'win32';
    const stopped = this.#stopping !== null;
    const report = await (this.#stopping ?? (windows ? NOTHING : this.#kill()));
    const sweep = stopped && !windows ? await this.#kill() : report;
    return {
      leftovers: stopped ? 0 : sweep.pids.filter((p) => p !== this.pid).length,
      survivors: [...new Set([...report.survivors, ...sweep.survivors])],
    };
  }

  async #kill(): Promise<KillReport> {
    const rootStartTime = await this.#startTime;
    return killProcessTree(this.pid, {
      graceMs: this.graceMs,
      ...(this.hurry ? { hurry: this.hurry } : {}),
      marker: { name: RUN_MARKER_VARIABLE, value: this.runId },
      ...(rootStartTime ? { rootStartTime } : {}),
      ...(this.containment ? { container: this.containment } : {}),
    }).catch((): KillReport => ({ pids: [this.pid], forced: true, survivors: [this.pid] }));
  }
}
