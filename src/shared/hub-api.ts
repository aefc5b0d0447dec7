import type { JobProblem } from './job-problem';
import type { NotifySwitches } from './notify-switches';
import type { RunEvent, RunningJobInfo, RunResult, RunTrigger } from './run-types';
import type { Settings, SettingsPatch } from './settings-schema';

/** The answer to "run this now": accepted (started or waiting for a free slot), or skipped and why. */
export interface RunTicket {
  jobName: string;
  accepted: boolean;
  /** "started", "queued behind 2 other runs", or why it was skipped. */
  message: string;
  /** The run's id when accepted; follow it through run-started / run-finished events. */
  runId: string | null;
}

/** One trigger of a job, as the window and `automation-hub jobs` show it. */
export interface TriggerSummary {
  type: 'schedule' | 'interval' | 'file';
  /** e.g. `cron "0 2 * * 1-5" (Europe/Berlin)`, `every 5 min`, `files *.csv in C:\inbox`. */
  description: string;
  /** ISO time of the next run; null for file triggers, paused triggers and disabled jobs. */
  nextRun: string | null;
}

/** A recent run of a job, for its duration chart. */
export interface RunPoint {
  runId: string;
  startTime: string;
  durationMs: number;
  status: RunResult['status'];
}

/** One entry of the job library: a job file, valid or not. */
export interface JobSummary {
  /** The job's name; null when the file could not be read as a job. */
  name: string | null;
  /** Absolute path of the job file. */
  file: string;
  fileName: string;
  /** Valid and uniquely named: it may run. */
  valid: boolean;
  problems: JobProblem[];
  enabled: boolean;
  description: string | null;
  command: string | null;
  triggers: TriggerSummary[];
  /** The earliest of the triggers' next runs. */
  nextRun: string | null;
  /** Runs in progress. */
  running: number;
  /** Files that arrived for its file triggers and wait for a run (the job is busy, or runs wait for a slot). */
  waiting: number;
  /** The effective timeout in ms (60 minutes when the file says 0 or nothing). */
  timeoutMs: number | null;
  /** Up to the last 20 finished runs, oldest first. */
  recent: RunPoint[];
  /** Share of `recent` that succeeded, 0..1; null without runs. */
  successRate: number | null;
  lastResult: RunResult | null;
}

/** What a dropped or chosen job file would do, before anything runs. */
export type JobPreview =
  | {
      ok: true;
      file: string;
      name: string;
      command: string;
      arguments: string;
      workingDirectory: string;
      timeoutMinutes: number;
      /** `NAME=value` for each entry of process.environment: they can change what a command does (PATH, ComSpec). */
      environment: string[];
      triggers: string[];
      /** A library job of the same name exists (adding would clash). */
      nameTaken: boolean;
      /**
       * SHA-256 of the file's bytes as previewed: running or adding it sends this back, and the hub refuses when
       * the file no longer holds exactly what the preview showed.
       */
      hash: string;
    }
  | { ok: false; file: string; problems: JobProblem[] };

/** The end of a run's log. */
export interface LogTail {
  runId: string;
  /** Decoded text (invalid UTF-8 shown as U+FFFD). */
  text: string;
  /** Total size of the log in bytes. */
  size: number;
  /** True when `text` starts mid-file. */
  truncated: boolean;
  /** The run is still going: more output will arrive as `run-output` events. */
  live: boolean;
  logPath: string | null;
}

/** Filters for the history; all optional, combined with AND. */
export interface HistoryQuery {
  /** At most this many runs (newest first). */
  limit?: number;
  jobName?: string;
  /** Only runs that did not succeed (`success === false`). */
  failuresOnly?: boolean;
}

/** A message for the event log: crash recovery, damaged files moved aside, watcher problems. */
export interface Notice {
  time: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** Everything the hub tells its hosts (tray, window, daemon). Run events come from the monitor and orchestrator. */
export type HubEvent =
  | Exclude<RunEvent, { type: 'run-finished' | 'run-stuck' }>
  | (Extract<RunEvent, { type: 'run-finished' | 'run-stuck' }> & {
      /** The notifications this run may raise: the settings merged with its job's own `notify` block. */
      notify?: NotifySwitches;
    })
  | { type: 'run-output'; runId: string; text: string }
  | { type: 'library-changed' }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'triggers-paused'; paused: boolean }
  | { type: 'notice'; notice: Notice };

/**
 * What the window can ask of the hub. The Electron app exposes exactly these over IPC (one channel each,
 * see ipc.ts); the browser tests call a real Hub through the same shape.
 */
export interface HubApi {
  listJobs(): Promise<JobSummary[]>;
  listRunning(): Promise<RunningJobInfo[]>;
  getHistory(query: HistoryQuery): Promise<RunResult[]>;
  getRun(runId: string): Promise<RunResult | RunningJobInfo | null>;
  readLog(runId: string, maxBytes?: number): Promise<LogTail>;
  /** Starts a library job now (also when it is disabled: `enabled` only stops triggers). Does not wait for it to end. */
  runJob(name: string): Promise<RunTicket>;
  cancelRun(runId: string): Promise<boolean>;
  setJobEnabled(name: string, enabled: boolean): Promise<void>;
  setTriggersPaused(paused: boolean): Promise<void>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  previewJobFile(path: string): Promise<JobPreview>;
  /**
   * Runs a previewed job file once without adding it to the library: exactly the content whose preview carried
   * `hash` (refused if the file changed since). Does not wait for it to end.
   */
  runJobFile(path: string, hash: string): Promise<RunTicket>;
  /** Copies a previewed job file (exactly the content of `hash`) into the jobs folder; returns the new path. */
  addJobFile(path: string, hash: string): Promise<string>;
  getNotices(): Promise<Notice[]>;
  jobsFolder(): Promise<string>;
}

/** Trigger kinds for RunTrigger, re-exported for the window's labels. */
export type TriggerKind = RunTrigger['kind'];
