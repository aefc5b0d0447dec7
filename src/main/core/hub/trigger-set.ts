import { dirname } from 'node:path';
import type { TriggerSummary } from '../../../shared/hub-api';
import type { JobDefinition, Trigger } from '../../../shared/job-schema';
import { HubError } from '../errors';
import type { WatchedFilesStore } from '../store/watched-files-types';
import { describeTrigger } from '../triggers/describe-trigger';
import { createFileTrigger } from '../triggers/file-trigger';
import { FolderCatalogs } from '../triggers/folder-catalogs';
import { createIntervalTrigger } from '../triggers/interval';
import { createScheduleTrigger } from '../triggers/schedule';
import type { TriggerFire, TriggerSource } from '../triggers/types';

interface Armed {
  trigger: Trigger;
  source: TriggerSource | null;
  problem: string | null;
  /** File triggers: resolve once the folder was first looked at, and once its watch is up. */
  looked?: Promise<void>;
  watching?: Promise<void>;
}

/**
 * How long arming waits for file triggers' first look at their folders. Long enough for a local folder of
 * 10,000 files, so that a file dropped right after the hub started is an arrival, not part of what was there;
 * short enough that a slow share (or a huge tree) holds back neither the hub's start nor other jobs: their
 * looks go on in the background, each folder on its own.
 */
export const FIRST_LOOK_WAIT_MS = 1_000;

interface JobTriggers {
  signature: string;
  armed: Armed[];
}

export interface TriggerSetOptions {
  /** What file triggers remember: folder contents, how far each trigger took arrivals, waiting files. */
  store: WatchedFilesStore;
  onFire: (jobName: string, fire: TriggerFire) => void;
  /** Problems a user must see: a bad cron, a missing watched folder. */
  onProblem: (jobName: string, message: string) => void;
  /** Files of a job that arrived and have not started a run (runs in `running` have started). */
  waiting?: (jobName: string, running: ReadonlySet<string>) => number;
  rescanEveryMs?: number;
  /** How often a missing watched folder is looked for (default 1 s). */
  missingCheckMs?: number;
  /** Whether an earlier version of the hub already ran this arrival of a file for the job (upgrades). */
  handledBefore?: (jobName: string, absolutePath: string, size: number, mtimeMs: number) => boolean;
}

/**
 * The live triggers of the library's enabled jobs. `sync` compares each job's triggers with what is armed and
 * re-arms only jobs whose triggers (or file) changed, so editing one job file never disturbs the others'
 * schedules or watchers.
 */
export class TriggerSet {
  readonly #jobs = new Map<string, JobTriggers>();
  readonly #catalogs: FolderCatalogs;
  #syncing: Promise<void> = Promise.resolve();

  constructor(private readonly options: TriggerSetOptions) {
    this.#catalogs = new FolderCatalogs(options.store, {
      ...(options.rescanEveryMs ? { rescanEveryMs: options.rescanEveryMs } : {}),
      ...(options.missingCheckMs ? { missingCheckMs: options.missingCheckMs } : {}),
    });
  }

  /** Resolves once every armed file trigger's folder is listed and watched (for benchmarks and tests). */
  async watching(): Promise<void> {
    await this.#syncing;
    const all = [...this.#jobs.values()].flatMap((j) =>
      j.armed.flatMap((a) => (a.watching ? [a.watching] : [])),
    );
    await Promise.all(all);
  }

  /** Files of a job that arrived and wait for a run. */
  waiting(jobName: string, running: ReadonlySet<string>): number {
    return this.options.waiting?.(jobName, running) ?? 0;
  }

  /** Makes the armed triggers match `jobs` (the enabled, runnable ones). Calls never interleave. */
  sync(jobs: { job: JobDefinition; file: string }[]): Promise<void> {
    const next = this.#syncing.then(() => this.#sync(jobs));
    this.#syncing = next.catch(() => {});
    return next;
  }

  stopAll(): Promise<void> {
    return this.sync([]);
  }

  /** What each trigger of a job is and when it fires next (triggers of jobs not armed: next run unknown). */
  describe(job: JobDefinition): TriggerSummary[] {
    const armed = this.#jobs.get(job.name)?.armed;
    return job.triggers.map((trigger, index) => {
      const source = armed?.[index]?.source ?? null;
      return {
        type: trigger.type,
        description: source?.description ?? describeTrigger(trigger),
        nextRun: source?.nextRun()?.toISOString() ?? null,
      };
    });
  }

  /** Trigger problems of a job, as `triggers[0].cron: …`. */
  problems(jobName: string): string[] {
    return (this.#jobs.get(jobName)?.armed ?? []).flatMap((a) => (a.problem ? [a.problem] : []));
  }

  get armedJobs(): number {
    return this.#jobs.size;
  }

  async #sync(jobs: { job: JobDefinition; file: string }[]): Promise<void> {
    const wanted = new Map(jobs.map((entry) => [entry.job.name, entry]));
    for (const [name, current] of this.#jobs) {
      const entry = wanted.get(name);
      if (!entry || signature(entry.job, entry.file) !== current.signature) {
        this.#jobs.delete(name);
        await stopArmed(current.armed);
      }
    }
    const looks: Promise<void>[] = [];
    for (const [name, entry] of wanted) {
      if (this.#jobs.has(name) || entry.job.triggers.length === 0) continue;
      const armed = entry.job.triggers.map((trigger, index) => this.#arm(entry, trigger, index));
      this.#jobs.set(name, { signature: signature(entry.job, entry.file), armed });
      for (const a of armed) if (a.looked) looks.push(a.looked);
    }
    if (looks.length > 0) await settledOrAfter(Promise.all(looks), FIRST_LOOK_WAIT_MS);
  }

  #arm(entry: { job: JobDefinition; file: string }, trigger: Trigger, index: number): Armed {
    const name = entry.job.name;
    const field = `triggers[${index}]`;
    const onFire = (fire: TriggerFire) => this.options.onFire(name, fire);
    const onError = (message: string) => this.options.onProblem(name, message);
    try {
      if (trigger.type === 'schedule') {
        return { trigger, source: createScheduleTrigger(trigger, onFire, { field, onError }), problem: null };
      }
      if (trigger.type === 'interval') {
        return { trigger, source: createIntervalTrigger(trigger, onFire, { onError }), problem: null };
      }
      const source = createFileTrigger(trigger, onFire, {
        baseDir: dirname(entry.file),
        jobName: name,
        catalogs: this.#catalogs,
        store: this.options.store,
        field,
        onError,
        ...(this.options.handledBefore
          ? {
              handledBefore: (file, size, mtimeMs) =>
                this.options.handledBefore?.(name, file, size, mtimeMs) ?? false,
            }
          : {}),
      });
      return { trigger, source, problem: null, looked: source.looked, watching: source.watching };
    } catch (error) {
      const problem = error instanceof HubError ? error.toString() : `${field}: ${String(error)}`;
      this.options.onProblem(name, problem);
      return { trigger, source: null, problem };
    }
  }
}

function signature(job: JobDefinition, file: string): string {
  return JSON.stringify({ file, triggers: job.triggers });
}

/** Waits for `promise`, but no longer than `ms`. */
async function settledOrAfter(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise.then(() => {}), late]);
  clearTimeout(timer);
}

async function stopArmed(armed: Armed[]): Promise<void> {
  await Promise.all(armed.map((a) => a.source?.stop()));
}
