import type { AwakeClock } from '../clock/awake-clock';
import type { HurryFlag } from '../process/kill-tree';
import type { StatusLine } from './status-protocol';

/** How one run is executed and what its caller hears while it runs. Every hook is optional. */
export interface ExecuteOptions {
  signal?: AbortSignal;
  /** Folder for the run's log file; null or absent keeps only the output tail. */
  logDir?: string | null;
  /** Relative `workingDirectory` and `command` paths resolve here (default: the current directory). */
  baseDir?: string;
  /** Replaces the 60-minute default when `timeoutMinutes` is 0 or absent. */
  defaultTimeoutMinutes?: number;
  /** This run's own timeout, replacing the job's (`automation-hub run --timeout`); its message says so. */
  runTimeoutMinutes?: number;
  killGraceMs?: number;
  /** Set: a stop in progress skips the rest of its grace period (a second Ctrl+C); the kill still happens. */
  hurry?: HurryFlag;
  /** The clock the startup window and the timeout count on (default: the shared awake clock). */
  clock?: AwakeClock;
  /** Inherited environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Variables the hub adds, e.g. AUTOMATION_HUB_TRIGGER_FILE. */
  extraEnv?: Record<string, string>;
  /**
   * Called right before the process is started, with everything known but its pid: the hub journals the run
   * here, so that a hub dying between spawn and the journal write cannot leave an unrecorded process.
   */
  onBeforeSpawn?: (info: { logPath: string | null }) => void;
  /** Called once the process exists, before any startup check. */
  onSpawn?: (info: { pid: number; logPath: string | null; commandLine: string }) => void;
  /** Called when the process's start time is known (it tells this process from a later one with the same pid). */
  onIdentified?: (info: { pid: number; pidStartTime: string | null }) => void;
  /** Called when the process has survived its startup window. */
  onStartupPassed?: () => void;
  onStatus?: (status: StatusLine) => void;
  onOutput?: (chunk: Buffer) => void;
}
