/** How a run ended, plus `Interrupted` (the hub died under the run) and `Skipped` (the job was already running). */
export const runStatuses = [
  'Skipped',
  'Running',
  'CompletedSuccessfully',
  'Failed',
  'TimedOut',
  'Cancelled',
  'Interrupted',
] as const;
export type RunStatus = (typeof runStatuses)[number];

/** What started a run. `detail` is the cron expression, the interval, the file path or the retry's first run id. */
export interface RunTrigger {
  kind: 'manual' | 'cli' | 'schedule' | 'interval' | 'file' | 'retry' | 'drop' | 'missed';
  detail?: string;
}

/**
 * Who a run is, fixed when the run is accepted: its id, its job, what started it, which attempt it is and the
 * job file it came from. The running info, the crash journal and the result all carry it unchanged.
 */
export interface RunIdentity {
  runId: string;
  jobName: string;
  trigger: RunTrigger;
  /** 1 for the first attempt; retries count up and link to `firstRunId`. */
  attempt: number;
  firstRunId: string;
  /** The job file the run came from, when there was one. */
  jobFile?: string;
}

/** Just the identity fields of a record that carries one (a running info, a journal entry, a result). */
export function identityOf(record: RunIdentity): RunIdentity {
  const { runId, jobName, trigger, attempt, firstRunId, jobFile } = record;
  return { runId, jobName, trigger, attempt, firstRunId, ...(jobFile ? { jobFile } : {}) };
}

/** A finished run. Times are ISO 8601 strings so that results cross JSON unchanged. */
export interface RunResult extends RunIdentity {
  success: boolean;
  status: Exclude<RunStatus, 'Running'>;
  exitCode: number | null;
  /** The signal that ended the process on POSIX, e.g. "SIGKILL". */
  signal: string | null;
  message: string;
  startTime: string;
  endTime: string;
  durationMs: number;
  /** Full output of the run, stdout and stderr interleaved as they arrived. */
  logPath: string | null;
  /** The last bytes of output, decoded as UTF-8 (bounded, see OUTPUT_TAIL_BYTES). */
  outputTail: string;
  pid: number | null;
  /** CPU time (user + kernel) of every process the run had, where its Windows Job Object counted it. */
  cpuMs?: number;
  /** Peak committed memory of all the run's processes together (Windows Job Object). */
  peakMemoryBytes?: number;
  /** How many processes the run had in all: its own and every one started under it (Windows Job Object). */
  processesStarted?: number;
}

/** A run in progress. */
export interface RunningJobInfo extends RunIdentity {
  pid: number | null;
  startTime: string;
  /** 'starting' during the startup window, 'running' once the process survived it. */
  phase: 'starting' | 'running';
  statusMessage: string;
  lastStatusUpdate: string;
  /** Last time the job printed anything (for silence detection). */
  lastOutputTime: string;
  progress: number | null;
  logPath: string | null;
  timeoutMs: number;
}

export type StuckReason = 'running-too-long' | 'silent';

/** Events core emits. The app turns them into tray updates, notifications and IPC pushes. */
export type RunEvent =
  | { type: 'run-started'; run: RunningJobInfo }
  | { type: 'run-status'; run: RunningJobInfo }
  | { type: 'run-finished'; result: RunResult }
  | { type: 'run-stuck'; run: RunningJobInfo; reason: StuckReason; thresholdMinutes: number }
  | {
      type: 'run-skipped';
      jobName: string;
      reason: string;
      trigger: RunTrigger;
      /** Skipped because too many runs of the job already wait (`concurrency: "queue"`), not because one runs. */
      queueFull?: boolean;
    }
  | {
      type: 'run-retrying';
      jobName: string;
      firstRunId: string;
      /** The attempt about to start after the delay, and how many there are at most. */
      attempt: number;
      attempts: number;
      delayMs: number;
      /** The attempt that failed. */
      previous: RunResult;
    }
  | { type: 'run-queued'; jobName: string; runId: string; position: number; trigger: RunTrigger };

export const OUTPUT_TAIL_BYTES = 64 * 1024;
