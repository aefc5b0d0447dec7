import type { RunTrigger } from '../../../shared/run-types';

/** One reason to start a run, as a trigger source hands it to the hub. */
export interface TriggerFire {
  trigger: RunTrigger;
  /** The file that arrived (file triggers only), absolute. */
  file?: string;
  /**
   * Its entry on the job's waiting list (file triggers only): the hub runs it when the job can take it and takes
   * it off the list once that run has ended.
   */
  waiting?: number;
  /**
   * The time the run was due (ISO), for schedules and intervals. The hub keeps the latest one it acted on per
   * trigger so that a fire and a missed-run catch-up for the same time never both run.
   */
  scheduledFor?: string;
}

/** Called for every fire. Must not throw; sources catch it anyway so that one bad handler cannot stop a schedule. */
export type FireHandler = (fire: TriggerFire) => void;

/** A running trigger. The hub holds one per trigger of an enabled job and stops it when the job changes. */
export interface TriggerSource {
  /** For the UI and logs, e.g. `cron "0 2 * * 1-5" (Europe/Berlin)`. */
  readonly description: string;
  /** When it fires next, or null when that cannot be known (file triggers) or it never will. */
  nextRun(): Date | null;
  /** Stops firing and releases timers and watchers; nothing fires after the promise resolves. */
  stop(): Promise<void>;
}

/** Reports a problem a user should see, as `triggers[0].path: …`; sources keep running after reporting. */
export type TriggerErrorHandler = (message: string) => void;
