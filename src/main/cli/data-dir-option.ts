import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { defaultDataDir } from '../core/store/data-dir';

/** `--data <dir>`, else AUTOMATION_HUB_HOME, else the platform's default (the same folder the app uses). */
export function dataDirFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option ?? defaultDataDir(env, process.platform, homedir()));
}
