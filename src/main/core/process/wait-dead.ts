import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './process-table';

/** How often kill loops look again: short enough to return promptly, long enough to stay idle. */
export const POLL_MS = 25;

/**
 * Polls until every pid is dead (zombies count as dead) or `timeoutMs` passes, and returns the
 * ones still alive: signals are only requests, so every kill is followed by this check. `alive` may
 * be stricter than liveness (still the same process: a reused pid is not a survivor).
 */
export async function waitUntilDead(
  pids: readonly number[],
  timeoutMs: number,
  alive: (pid: number) => boolean = isAlive,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    left = left.filter(alive);
  }
  return left;
}
