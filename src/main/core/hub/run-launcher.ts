import { basename, dirname } from 'node:path';
import type { RunTicket } from '../../../shared/hub-api';
import { sameJobName } from '../../../shared/job-name';
import { formatProblem } from '../../../shared/job-problem';
import type { JobDefinition } from '../../../shared/job-schema';
import type { RunResult, RunTrigger } from '../../../shared/run-types';
import { HubError } from '../errors';
import type { JobLibrary } from '../jobs/job-library';
import type { JobExecutionOrchestrator, RunRequest } from '../orchestrator/job-execution-orchestrator';

/**
 * What a caller may add to a run: variables (a trigger's file), its own log folder and timeout, a live copy of the
 * output.
 */
export type LaunchExtras = Pick<RunRequest, 'extraEnv' | 'logDir' | 'onOutput' | 'timeoutMinutes'>;

/** A run handed to the orchestrator: the answer for "Run now" at once, and its (last attempt's) result later. */
export interface Launched {
  ticket: Promise<RunTicket>;
  /** The run's id at once (the ticket's, without waiting); null when it was skipped. */
  runId: string | null;
  done: Promise<RunResult>;
}

/**
 * Starts runs of jobs from the library or from files outside it, and remembers each accepted run's `notify`
 * block until its last attempt ends (the job file may change meanwhile; the run keeps what it started with).
 */
export class RunLauncher {
  readonly #notifyBlocks = new Map<string, JobDefinition['notify']>();

  constructor(
    private readonly orchestrator: JobExecutionOrchestrator,
    private readonly library: JobLibrary,
    private readonly isClosing: () => boolean,
  ) {}

  /** A library job by name, ready to run; HubError naming the file's problems, or that no such job exists. */
  runnable(name: string): { job: JobDefinition; file: string } {
    const entry = this.library.get(name);
    if (entry) return entry;
    const broken =
      this.library.named(name) ??
      this.library.entries().find((e) => sameJobName(basename(e.file).replace(/\.json$/i, ''), name));
    if (broken && broken.problems.length > 0) {
      throw new HubError(
        'job-invalid',
        `"${name}" cannot run until its file is fixed:\n${broken.problems.map(formatProblem).join('\n')}`,
        { file: broken.file },
      );
    }
    throw new HubError('job-not-found', `there is no job named "${name}" in ${this.library.jobsDir}`);
  }

  /**
   * Hands a run to the orchestrator under the job's policies; relative paths in the job resolve against its
   * file's folder, whoever asks. Throws HubError('hub-stopping') while closing.
   */
  launch(job: JobDefinition, file: string, trigger: RunTrigger, extras: LaunchExtras = {}): Launched {
    if (this.isClosing()) throw new HubError('hub-stopping', 'the hub is stopping: no new runs start');
    const started = this.orchestrator.startJob(job, {
      trigger,
      baseDir: dirname(file),
      jobFile: file,
      ...extras,
    });
    const { runId } = started;
    if (runId === null) {
      const ticket = started.done.then(
        (skipped): RunTicket => ({
          jobName: job.name,
          accepted: false,
          message: skipped.message,
          runId: null,
        }),
      );
      return { ticket, runId: null, done: started.done };
    }
    this.#notifyBlocks.set(runId, job.notify);
    void started.done.finally(() => this.#notifyBlocks.delete(runId));
    const message = started.queued ? 'queued' : 'started';
    return {
      ticket: Promise.resolve({ jobName: job.name, accepted: true, message, runId }),
      runId,
      done: started.done,
    };
  }

  /** Whether the job has a run in progress, queued or waiting to retry (a `skip` job would skip another). */
  isBusy(jobName: string): boolean {
    return this.orchestrator.isBusy(jobName);
  }

  /** The `notify` block a run started with; the library's current one for a run not started here (recovered). */
  notifyBlockOf(run: { jobName: string; firstRunId: string }): JobDefinition['notify'] {
    return this.#notifyBlocks.has(run.firstRunId)
      ? this.#notifyBlocks.get(run.firstRunId)
      : this.library.get(run.jobName)?.job.notify;
  }
}
