import { accessSync, constants as fsConstants } from 'node:fs';
import { resolve } from 'node:path';
import type { ProcessSettings } from '../../../shared/job-schema';
import { HubError } from '../errors';
import { type LaunchPlan, planLaunch, readFileHead } from '../launch';
import { statQuietly } from '../stat-quietly';
import { mergeEnvironment, RUN_MARKER_VARIABLE } from './run-environment';

/** What a run needs to know before anything is spawned. */
export interface PreparedLaunch {
  plan: LaunchPlan;
  /** The resolved, existing working folder. */
  cwd: string;
  /** The merged environment the process gets, run marker included. */
  env: Record<string, string>;
}

export interface PrepareOptions {
  /** Relative `workingDirectory` and `command` paths resolve here (default: the current directory). */
  baseDir?: string;
  /** Inherited environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Variables the hub adds, e.g. AUTOMATION_HUB_TRIGGER_FILE. */
  extraEnv?: Record<string, string>;
}

/**
 * Checks the working folder, merges the environment and plans the exact spawn, all before any process exists.
 * Throws HubError naming the field and the fix (a missing folder, a command not found, a refused argument).
 */
export async function prepareLaunch(
  settings: ProcessSettings,
  runId: string,
  options: PrepareOptions,
): Promise<PreparedLaunch> {
  const cwd = checkWorkingDirectory(settings.workingDirectory, options.baseDir ?? process.cwd());
  const env = mergeEnvironment(
    process.platform,
    options.env ?? process.env,
    settings.environment,
    options.extraEnv,
    { [RUN_MARKER_VARIABLE]: runId },
  );
  const plan = planLaunch(settings.command, settings.arguments, {
    platform: process.platform,
    env,
    cwd,
    isFile,
    isExecutable,
    readFileHead,
  });
  return { plan, cwd, env };
}

/**
 * Synchronous, like the command's lookup beside it and the spawn after it (which waits for the folder too): one
 * stat, where a thread-pool round trip would cost more than it.
 */
function checkWorkingDirectory(workingDirectory: string | undefined, baseDir: string): string {
  const cwd = resolve(baseDir, workingDirectory ?? '.');
  const info = statQuietly(cwd);
  if (!info) {
    throw new HubError(
      'working-directory-missing',
      `folder "${cwd}" does not exist. Create it, or fix process.workingDirectory.`,
      { field: 'process.workingDirectory' },
    );
  }
  if (!info.isDirectory()) {
    throw new HubError(
      'working-directory-not-folder',
      `"${cwd}" is a file, not a folder. Give the folder the job should start in.`,
      { field: 'process.workingDirectory' },
    );
  }
  return cwd;
}

function isFile(path: string): boolean {
  return statQuietly(path)?.isFile() ?? false;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
