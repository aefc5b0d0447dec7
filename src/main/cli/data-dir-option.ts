import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { defaultDataDir } from '../core/store/data-dir';
import type { CliIO } from './io';

/** `--data <dir>`, else AUTOMATION_HUB_HOME, else the platform's default (the same folder the app uses). */
export function dataDirFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option ?? defaultDataDir(env, process.platform, homedir()));
}

/** What a read-only command exits with when the data folder it should read does not exist. */
export const EXIT_NO_DATA_DIR = 1;

/**
 * The data folder a read-only command (`history`, `jobs`) reads, or null after saying that it does not exist: a
 * mistyped `--data` must not read as "no runs yet". Read-only commands never create the folder.
 */
export function existingDataDir(
  command: string,
  option: string | undefined,
  io: CliIO,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const root = dataDirFrom(option, env);
  const info = statSync(root, { throwIfNoEntry: false });
  if (info?.isDirectory()) return root;
  const source =
    option !== undefined
      ? 'check --data'
      : env.AUTOMATION_HUB_HOME?.trim()
        ? 'check AUTOMATION_HUB_HOME'
        : 'no Automation Hub has used it yet: start the app or "automation-hub daemon", or give --data';
  const what = info ? 'is a file, not a folder' : 'does not exist';
  io.stderr(`automation-hub ${command}: the data folder ${root} ${what} (${source}).\n`);
  return null;
}
