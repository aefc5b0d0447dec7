import type { JobDefinition } from '../../../shared/job-schema';
import type { JsonStore } from '../store/json-store';
import { fireTimeOf, type HubState } from './hub-state';
import type { CatchUp, missedRunsBetween } from './missed-runs-check';
import type { StorageFaults } from './storage-faults';

/**
 * What missed-run detection needs to remember: when a hub was last alive on this data folder, and when each
 * job's schedule or interval last fired. The one writer of `state/hub.json`, so a due time is acted on once
 * whether it arrives as a (late) fire or as a catch-up after sleep or a restart.
 */
export class FireLedger {
  constructor(
    private readonly state: JsonStore<HubState>,
    private readonly faults: StorageFaults,
  ) {}

  /** The last moment a hub was known to be alive here; null on a fresh folder. */
  lastAlive(): Date | null {
    const at = this.state.get().lastAliveAt;
    return at ? new Date(at) : null;
  }

  /** Records that the hub is alive now. Missing one heartbeat only makes missed-run detection less precise. */
  heartbeat(): void {
    this.#update((state) => ({ ...state, lastAliveAt: new Date().toISOString() }));
  }

  /**
   * Changes the ledger in memory, then on disk. A disk that refuses (full, read-only) must not stop schedules:
   * the change holds in memory (the store keeps unsaved values) and is written when the disk accepts it again.
   */
  #update(change: (state: HubState) => HubState): void {
    try {
      this.state.update(change);
    } catch (error) {
      this.faults.failed(`the schedule ledger (${this.state.path})`, error, () => this.state.flush());
    }
  }

  /**
   * Claims a fire due at `scheduledFor` for a job: false when that due time (or a later one) was already acted
   * on — a fire up to 90 s late and a catch-up after resume can serve the same due time.
   */
  claim(jobName: string, scheduledFor: string): boolean {
    const last = fireTimeOf(this.state.get().lastFires, jobName);
    if (last && Date.parse(scheduledFor) <= Date.parse(last)) return false;
    this.#update((state) => ({
      ...state,
      lastAliveAt: new Date().toISOString(),
      lastFires: { ...state.lastFires, [jobName]: scheduledFor },
    }));
    return true;
  }

  /**
   * The catch-up runs due between the last sign of life and `now` under each job's `missedRuns` policy, each
   * already recorded as acted on; then records that the hub is alive. Null `from` (a fresh folder): none.
   * `missed` is missedRunsBetween, handed in by the triggers' code: a hub that only runs never loads it (croner).
   */
  catchUps(jobs: JobDefinition[], missed: typeof missedRunsBetween, now = new Date()): CatchUp[] {
    const from = this.lastAlive();
    this.heartbeat();
    if (!from) return [];
    const due = missed(jobs, from, now, this.state.get().lastFires);
    for (const catchUp of due) {
      const at = catchUp.scheduledFor.toISOString();
      this.#update((state) => ({ ...state, lastFires: { ...state.lastFires, [catchUp.jobName]: at } }));
    }
    return due;
  }
}
