import { dirname } from 'node:path';
import type { TriggerSummary } from '../../../shared/hub-api';
import type { JobDefinition, Trigger } from '../../../shared/job-schema';
import { HubError } from '../errors';
import type { HandledFilesStore } from '../store/handled-files-store';
import { describeTrigger } from '../triggers/describe-trigger';
import { createFileTrigger } from '../triggers/file-trigger';
import { createIntervalTrigger } from '../triggers/interval';
import { createScheduleTrigger } from '../triggers/schedule';
import type { TriggerFire, TriggerSource } from '../triggers/types';

interface Armed {
  trigger: Trigger;
  source: TriggerSource | null;
  problem: string | null;
}

interface JobTriggers {
  signature: string;
  armed: Armed[];
}

export interface TriggerSetOptions {
  handled: HandledFilesStore;
  onFire: (jobName: string, fire: TriggerFire) => void;
  /** Problems a user must see: a bad cron, a missing watched folder. */
  onProblem: (jobName: string, message: string) => void;
  rescanEveryMs?: number;
}

/**
 * The live triggers of the library's enabled jobs. `sync` compares each job's triggers with what is armed and
 * re-arms only jobs whose triggers (or file) changed, so editing one job file never disturbs the others'
 * schedules or watchers.
 */
export class TriggerSet {
  readonly #jobs = new Map<string, JobTriggers>();
  #syncing: Promise<void> = Promise.resolve();

  constructor(private readonly options: TriggerSetOptions) {}

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
    for (const [name, entry] of wanted) {
      if (this.#jobs.has(name) || entry.job.triggers.length === 0) continue;
      const state: JobTriggers = { signature: signature(entry.job, entry.file), armed: [] };
      this.#jobs.set(name, state);
      state.armed = await Promise.all(
        entry.job.triggers.map((trigger, index) => this.#arm(entry, trigger, index)),
      );
    }
  }

  async #arm(entry: { job: JobDefinition; file: string }, trigger: Trigger, index: number): Promise<Armed> {
    const name = entry.job.name;
    const field = `triggers[${index}]`;
    const onFire = (fire: TriggerFire) => this.options.onFire(name, fire);
    const onError = (message: string) => this.options.onProblem(name, message);
    try {
      let source: TriggerSource;
      if (trigger.type === 'schedule') source = createScheduleTrigger(trigger, onFire, { field, onError });
      else if (trigger.type === 'interval') source = createIntervalTrigger(trigger, onFire, { onError });
      else {
        source = await createFileTrigger(trigger, onFire, {
          baseDir: dirname(entry.file),
          handled: {
            has: (key) => this.options.handled.has(name, key),
            add: (key) => this.options.handled.add(name, key),
          },
          field,
          onError,
          ...(this.options.rescanEveryMs ? { rescanEveryMs: this.options.rescanEveryMs } : {}),
        });
      }
      return { trigger, source, problem: null };
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

async function stopArmed(armed: Armed[]): Promise<void> {
  await Promise.all(armed.map((a) => a.source?.stop()));
}
