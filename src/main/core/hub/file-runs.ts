import type { Notice } from '../../../shared/hub-api';
import type { JobDefinition } from '../../../shared/job-schema';
import { HubError } from '../errors';
import type { WaitingFile, WatchedFilesStore } from '../store/watched-files-types';
import { statFile } from '../triggers/list-files';
import { TRIGGER_FILE_VARIABLE, withTriggerFile } from './file-argument';
import type { RunLauncher } from './run-launcher';

export interface FileRunsOptions {
  store: Pick<WatchedFilesStore, 'waiting' | 'setRun' | 'finish'>;
  launcher: Pick<RunLauncher, 'launch' | 'isBusy'>;
  /** The job as it stands, if its triggers may start it now (enabled, triggers not paused, hub not closing). */
  runnable(jobName: string): { job: JobDefinition; file: string } | undefined;
  closing(): boolean;
  /** Whether a run has ended and is in the history: a file whose run a previous hub started. */
  runEnded(runId: string): boolean;
  notice(level: Notice['level'], message: string): void;
}

/**
 * Runs each job's waiting files (see WatchedFilesStore), oldest first, as the job's concurrency allows: one at a
 * time under `skip` (a file never waits in vain: it starts when the running run ends), all at once otherwise
 * (`queue` runs them in turn, `parallel` side by side, the `maxConcurrentJobs` setting queues the excess). A file
 * is taken off the list when its run has ended, whatever the outcome; a run the stopping hub cancelled before its
 * process started leaves the file waiting for the next start.
 */
export class FileRuns {
  /** Waiting-list ids with a run started by this hub, to the run id. */
  readonly #inFlight = new Map<number, string>();
  readonly #wakeups = new Set<string>();

  constructor(private readonly options: FileRunsOptions) {}

  /** A run of the job ended: only a `skip` job has files waiting for that (others started them all at once). */
  runEnded(jobName: string): void {
    if (this.options.runnable(jobName)?.job.concurrency === 'skip') this.wake(jobName);
  }

  /** Starts what the job's waiting list allows now: when files arrive, a run of the job ends, triggers resume. */
  wake(jobName: string): void {
    if (this.#wakeups.has(jobName)) return;
    this.#wakeups.add(jobName);
    // On the next turn: arrivals of one tick start together, and a run that just ended has left the job.
    setImmediate(() => {
      this.#wakeups.delete(jobName);
      this.#drain(jobName);
    });
  }

  /** Files of a job that arrived and have not started a run. */
  waiting(jobName: string, running: ReadonlySet<string>): number {
    return this.options.store
      .waiting({ job: jobName })
      .filter((w) => w.runId === null || !running.has(w.runId)).length;
  }

  #drain(jobName: string): void {
    const entry = this.options.runnable(jobName);
    if (!entry) return;
    const oneAtATime = entry.job.concurrency === 'skip';
    for (const waiting of this.options.store.waiting({ job: jobName })) {
      if (this.#inFlight.has(waiting.id)) {
        if (oneAtATime) return;
        continue;
      }
      if (waiting.runId !== null) {
        // Started by a hub before this one: ended (any status, Interrupted included) means handled.
        if (this.options.runEnded(waiting.runId)) {
          this.#update(() => this.options.store.finish(waiting.id));
          continue;
        }
        this.#update(() => this.options.store.setRun(waiting.id, null));
      }
      if (oneAtATime && this.options.launcher.isBusy(jobName)) return; // woken again when that run ends
      if (statFile(waiting.file) === 'gone') {
        this.options.notice('warning', `${jobName}: ${waiting.file} was removed before it could run`);
        this.#update(() => this.options.store.finish(waiting.id));
        continue;
      }
      if (!this.#start(jobName, entry, waiting) || oneAtATime) return;
    }
  }

  /** Starts one waiting file's run; false when it could not start now (it stays waiting). */
  #start(jobName: string, entry: { job: JobDefinition; file: string }, waiting: WaitingFile): boolean {
    const file = waiting.file;
    let launched: ReturnType<RunLauncher['launch']>;
    try {
      launched = this.options.launcher.launch(
        withTriggerFile(entry.job, file),
        entry.file,
        { kind: 'file', detail: file },
        { extraEnv: { [TRIGGER_FILE_VARIABLE]: file } },
      );
    } catch (error) {
      if (!(error instanceof HubError && error.code === 'hub-stopping')) {
        this.options.notice('warning', `${jobName}: ${file} could not start: ${messageOf(error)}`);
      }
      return false;
    }
    const { runId } = launched;
    if (runId === null) return false; // another run started first (skip): this one is woken when it ends
    this.#inFlight.set(waiting.id, runId);
    this.#update(() => this.options.store.setRun(waiting.id, runId));
    void launched.done.then((result) => {
      this.#inFlight.delete(waiting.id);
      const neverStarted = result.status === 'Cancelled' && result.pid === null && this.options.closing();
      this.#update(() =>
        neverStarted ? this.options.store.setRun(waiting.id, null) : this.options.store.finish(waiting.id),
      );
      this.wake(jobName);
    });
    return true;
  }

  #update(change: () => void): void {
    try {
      change();
    } catch (error) {
      this.options.notice('error', `Could not update the list of waiting files: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
