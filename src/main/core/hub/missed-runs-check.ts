import type { JobDefinition } from '../../../shared/job-schema';
import { decideMissed, missedRunTimes } from '../triggers/missed-runs';
import { fireTimeOf } from './hub-state';

/** One catch-up run the missed-run policy asks for. */
export interface CatchUp {
  jobName: string;
  scheduledFor: Date;
  /** `cron "0 2 * * *" (local time)` or `every 5 minutes`: which trigger missed it. */
  triggerIndex: number;
}

/**
 * Which jobs should run once now because their schedule or interval came due while no hub was watching (between
 * `from`, the last moment one was alive, and `to`). `missedRuns: "runOnce"` runs a job once for its latest missed
 * time however many were missed; "skip" runs nothing. A job with several triggers still runs at most once.
 */
export function missedRunsBetween(
  jobs: JobDefinition[],
  from: Date,
  to: Date,
  lastFires: Record<string, string>,
): CatchUp[] {
  const catchUps: CatchUp[] = [];
  for (const job of jobs) {
    if (!job.enabled || job.missedRuns === 'skip') continue;
    let best: CatchUp | null = null;
    job.triggers.forEach((trigger, triggerIndex) => {
      if (trigger.type === 'file') return;
      const lastFire = fireTimeOf(lastFires, job.name);
      const anchor = trigger.type === 'interval' && lastFire ? new Date(lastFire) : from;
      let times: Date[];
      try {
        times = missedRunTimes(trigger, from, to, 1000, anchor);
      } catch {
        return; // An invalid schedule is reported by the trigger set; nothing was ever due.
      }
      const due = decideMissed(job.missedRuns, times);
      if (due && (!best || due > best.scheduledFor))
        best = { jobName: job.name, scheduledFor: due, triggerIndex };
    });
    if (best) catchUps.push(best);
  }
  return catchUps;
}
