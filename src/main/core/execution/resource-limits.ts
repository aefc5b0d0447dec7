import { constants, setPriority } from 'node:os';
import type { ProcessSettings } from '../../../shared/job-schema';
import { treeMemoryBytes } from '../process/tree-memory';

/**
 * How often `process.maxMemoryMB` looks at a run's memory where no Job Object enforces it: reading /proc, or a
 * Windows process snapshot, costs a few milliseconds at most.
 */
export const MEMORY_CHECK_MS = 1000;

/** os.setPriority values for `process.priority`: Windows priority classes, nice 19…−14 elsewhere. */
const PRIORITY_VALUES = {
  low: constants.priority.PRIORITY_LOW,
  belowNormal: constants.priority.PRIORITY_BELOW_NORMAL,
  normal: constants.priority.PRIORITY_NORMAL,
  aboveNormal: constants.priority.PRIORITY_ABOVE_NORMAL,
  high: constants.priority.PRIORITY_HIGH,
} as const;

/**
 * `process.priority` and `process.maxMemoryMB` for one run where its Job Object does not apply them (POSIX, or
 * Windows without a job): the priority is set on the root process (children inherit it on POSIX), and the run's
 * whole-tree memory is sampled; `onExceeded` is called once when it passes the limit. What could not be applied is
 * kept in `notes` for the run's message.
 */
export class ResourceLimits {
  readonly notes: string[] = [];
  #watch: NodeJS.Timeout | null = null;
  #exceeded: { usedBytes: number; limitMB: number } | null = null;

  constructor(
    private readonly settings: Pick<ProcessSettings, 'priority' | 'maxMemoryMB'>,
    private readonly onExceeded: () => void,
  ) {}

  /** What the run used when it passed `maxMemoryMB`; null while it has not. */
  get exceeded(): { usedBytes: number; limitMB: number } | null {
    return this.#exceeded;
  }

  /**
   * Applies the priority to the run's root process and starts watching its memory, unless Windows does both for
   * the whole run (`enforcedByJob`: the job's priority class and memory limit, no polling).
   */
  start(pid: number, enforcedByJob = false): void {
    if (enforcedByJob) return;
    this.#applyPriority(pid);
    this.#watchMemory(pid);
  }

  stop(): void {
    if (this.#watch) clearInterval(this.#watch);
    this.#watch = null;
  }

  #applyPriority(pid: number): void {
    const priority = this.settings.priority;
    if (!priority || priority === 'normal') return;
    try {
      setPriority(pid, PRIORITY_VALUES[priority]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.notes.push(
        `process.priority: "${priority}" could not be set (${code}${code === 'EACCES' || code === 'EPERM' ? ': it needs administrator rights' : ''}); the job ran at normal priority`,
      );
    }
  }

  #watchMemory(pid: number): void {
    const limitMB = this.settings.maxMemoryMB;
    if (!limitMB) return;
    let sampling = false;
    const sample = async () => {
      if (sampling || this.#exceeded || !this.#watch) return;
      sampling = true;
      try {
        const used = await treeMemoryBytes(pid);
        if (used !== null && used > limitMB * 1024 * 1024 && !this.#exceeded && this.#watch) {
          this.#exceeded = { usedBytes: used, limitMB };
          this.stop();
          this.onExceeded();
        }
      } finally {
        sampling = false;
      }
    };
    this.#watch = setInterval(() => void sample(), MEMORY_CHECK_MS);
    void sample();
  }
}
