import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ProcessSettings } from '../../../shared/job-schema';
import { HubError } from '../errors';
import { type LaunchPlan, planLaunch, readFileHead } from '../launch';
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
  const cwd = await checkWorkingDirectory(settings.workingDirectory, options.baseDir ?? process.cwd());
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

async function checkWorkingDirectory(workingDirectory: string | undefined, baseDir: string): Promise<string> {
  const cwd = resolve(baseDir, workingDirectory ?? '.');
  const info = await stat(cwd).catch(() => null);
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
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
