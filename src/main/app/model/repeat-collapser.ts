import { clockTime } from './menu-text';
import type { HubNotification, NotificationKind } from './notification-policy';

/**
 * Collapsing repeats: a job failing every minute must not raise a notification every minute.
 *
 * Notifications are grouped by job and kind into streaks. The first of a streak is shown as is. Repeats
 * within `updateEveryMs` of the last one shown are suppressed (the tray's attention icon and the menu's
 * ✗ entries still show every failure; nothing is lost, only not announced again). A repeat after that shows
 * one summary, "Backup failed 5 times since 10:02", with the latest message, and restarts the wait: so a job
 * failing every minute produces one notification at once, then one update per quarter hour at most.
 * A streak ends after `quietMs` without a repeat, or when the job does the opposite (a success ends its
 * failure streaks, a failure its success streak): the next failure after a recovery is news again.
 */
export interface CollapseOptions {
  /** Minimum time between two notifications of one streak. */
  updateEveryMs: number;
  /** A streak without repeats for this long is over. */
  quietMs: number;
}

export const DEFAULT_COLLAPSE: CollapseOptions = { updateEveryMs: 15 * 60_000, quietMs: 60 * 60_000 };

interface Streak {
  firstTime: number;
  lastTime: number;
  lastShown: number;
  count: number;
}

const PAST: Record<NotificationKind, string> = {
  failed: 'failed',
  'timed-out': 'timed out',
  interrupted: 'was interrupted',
  stuck: 'looked stuck',
  succeeded: 'succeeded',
};

export class RepeatCollapser {
  readonly #options: CollapseOptions;
  readonly #streaks = new Map<string, Streak>();

  constructor(options: CollapseOptions = DEFAULT_COLLAPSE) {
    this.#options = options;
  }

  /** What to show for a notification at `now`: itself, a "N times since" summary, or null (suppressed). */
  offer(notification: HubNotification, now: number): HubNotification | null {
    this.#forgetOld(now);
    this.settle(notification.jobName, notification.kind);
    const key = keyOf(notification.jobName, notification.kind);
    const streak = this.#streaks.get(key);
    if (!streak) {
      this.#streaks.set(key, { firstTime: now, lastTime: now, lastShown: now, count: 1 });
      return notification;
    }
    streak.count += 1;
    streak.lastTime = now;
    if (now - streak.lastShown < this.#options.updateEveryMs) return null;
    streak.lastShown = now;
    const since = clockTime(streak.firstTime, now);
    return {
      ...notification,
      title: `${titleMark(notification.title)}${notification.jobName} ${PAST[notification.kind]} ${streak.count} times since ${since}`,
    };
  }

  /** Streaks currently open (for tests and diagnostics). */
  get size(): number {
    return this.#streaks.size;
  }

  /**
   * A run of the job ended this way: the opposite streaks end. Called for every outcome, also those that
   * raise no notification (a success with onSuccess off still ends the job's failure streak).
   */
  settle(jobName: string, kind: NotificationKind): void {
    const opposite: NotificationKind[] =
      kind === 'succeeded'
        ? ['failed', 'timed-out', 'interrupted', 'stuck']
        : kind === 'stuck'
          ? []
          : ['succeeded'];
    for (const other of opposite) this.#streaks.delete(keyOf(jobName, other));
  }

  #forgetOld(now: number): void {
    for (const [key, streak] of this.#streaks) {
      if (now - streak.lastTime >= this.#options.quietMs) this.#streaks.delete(key);
    }
  }
}

function keyOf(jobName: string, kind: NotificationKind): string {
  return `${kind}\u0000${jobName}`;
}

// Keeps the "✗ " / "⏱ " / "⚠ " / "✓ " mark of the original title.
function titleMark(title: string): string {
  const match = /^(\S+) /u.exec(title);
  return match && !/[\p{L}\p{N}]/u.test(match[1] ?? '') ? `${match[1]} ` : '';
}
