import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from '../random';
import { readTextIfPresent } from '../read-if-present';
import { removeFile } from '../remove-file';
import { removeStaleTempFiles } from '../store/stale-temp-files';

/** Who listens on a data folder's channel: written by the owning hub, read by every client. */
export interface ChannelInfo {
  address: string;
  /** Proof that a client may read the data folder: only this user can read the file. */
  token: string;
  pid: number;
  /** What kind of host owns the folder: the tray app, a daemon, or an `automation-hub run` owning it briefly. */
  host: HubHost;
}

export type HubHost = 'app' | 'daemon' | 'run';

/** `<root>/state/channel.json`. */
export function channelFilePath(root: string): string {
  return path.join(root, 'state', 'channel.json');
}

/** A fresh token for a new channel. */
export function newChannelToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Writes the channel file atomically, readable by this user only. */
export function writeChannelInfo(root: string, info: ChannelInfo): void {
  const file = channelFilePath(root);
  removeStaleTempFiles(path.dirname(file), path.basename(file));
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** The channel file's content; null when there is none or it is unreadable (no hub, or one from before). */
export function readChannelInfo(root: string): ChannelInfo | null {
  try {
    const text = readTextIfPresent(channelFilePath(root));
    if (text === null) return null;
    const value = JSON.parse(text) as Partial<ChannelInfo>;
    if (typeof value.address !== 'string' || typeof value.token !== 'string') return null;
    if (typeof value.pid !== 'number') return null;
    const host =
      value.host === 'app' || value.host === 'daemon' || value.host === 'run' ? value.host : 'daemon';
    return { address: value.address, token: value.token, pid: value.pid, host };
  } catch {
    return null;
  }
}

/** Removes the channel file if it is still the one this hub wrote. */
export function removeChannelInfo(root: string, token: string): void {
  if (readChannelInfo(root)?.token === token) removeFile(channelFilePath(root));
}
