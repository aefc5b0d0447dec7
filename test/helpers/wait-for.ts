import { setTimeout as sleep } from 'node:timers/promises';

/** How long `waitFor` polls, how often, and what it says it waited for. */
export interface WaitOptions {
  /** Words for the failure message: "timed out after 20000 ms waiting until <what>". Default: the condition's source. */
  what?: string;
  /** Default 20 s: generous, because a test machine may be busy; a test that passes never waits this long. */
  timeoutMs?: number;
  /** Default 20 ms. */
  intervalMs?: number;
}

/**
 * Waits until `condition` returns something truthy, polling: for state that has no event of its own (a file on
 * disk, a process that started, a count that grows). Rejects naming what it waited for after `timeoutMs`. The one
 * polling helper of the tests; event-driven waits (hub events) use test/helpers/hub.ts instead.
 */
export async function waitFor(condition: () => unknown, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 20_000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const what = options.what ?? condition.toString().replace(/\s+/g, ' ');
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await sleep(intervalMs);
  }
}
