import { pruneLogs } from '../store/log-pruner';

const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

export interface HousekeepingOptions {
  /** Records that the hub is alive (for missed-run detection). */
  heartbeat: () => void;
  heartbeatEveryMs?: number;
  logsDir: string;
  /** Read at each prune, so a changed setting applies from the next one. */
  limits: () => { maxAgeDays: number; maxTotalBytes: number };
  /** Logs of runs in progress: never pruned. */
  inUse: () => string[];
  onProblem: (message: string) => void;
}

/** The hub's periodic chores: a heartbeat every minute, and pruning old logs at start and every 6 hours. */
export function startHousekeeping(options: HousekeepingOptions): { stop(): void } {
  const prune = async () => {
    try {
      await pruneLogs(options.logsDir, { ...options.limits(), keep: new Set(options.inUse()) });
    } catch (error) {
      options.onProblem(`Could not prune old logs in ${options.logsDir}: ${(error as Error).message}`);
    }
  };
  const timers = [
    setInterval(options.heartbeat, options.heartbeatEveryMs ?? 60_000),
    setInterval(() => void prune(), PRUNE_EVERY_MS),
  ];
  for (const timer of timers) timer.unref();
  void prune();
  return { stop: () => timers.forEach(clearInterval) };
}
