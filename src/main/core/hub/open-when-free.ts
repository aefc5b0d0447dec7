import { setTimeout as sleep } from 'node:timers/promises';
import { readChannelInfo } from '../channel/channel-file';
import { HubError } from '../errors';
import { Hub } from './hub';
import type { HubOptions } from './hub-options';

// While an `automation-hub run` owns the folder for its runs, an app or daemon waits: how often it looks.
const OWNER_POLL_MS = 500;

/**
 * Opens the hub for an app or a daemon. While an `automation-hub run` owns the folder for its runs (no other hub
 * ran when it started), waits for it to finish, telling `onWaiting` once, instead of refusing; any other owner
 * is refused as Hub.open refuses it. Null when `stopping()` says to give up while waiting.
 */
export async function openWhenFree(
  options: HubOptions,
  onWaiting: (message: string) => void,
  stopping: () => boolean = () => false,
): Promise<Hub | null> {
  let told = false;
  for (;;) {
    if (stopping()) return null;
    try {
      return await Hub.open(options);
    } catch (error) {
      const owner = readChannelInfo(options.dataDir);
      if (!(error instanceof HubError && error.code === 'data-dir-locked') || owner?.host !== 'run')
        throw error;
      if (!told)
        onWaiting(
          `Waiting for automation-hub run (pid ${owner.pid}), which owns ${options.dataDir} until its runs end…`,
        );
      told = true;
      await sleep(OWNER_POLL_MS);
    }
  }
}
