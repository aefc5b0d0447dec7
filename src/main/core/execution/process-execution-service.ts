import type { ProcessSettings } from '../../../shared/job-schema';
import { effectiveTimeoutMinutes } from '../../../shared/job-timing';
import type { RunIdentity, RunResult } from '../../../shared/run-types';
import { HubError } from '../errors';
import type { ExecuteOptions } from './execute-options';
import { LaunchedRun } from './launched-run';
import { type PreparedLaunch, prepareLaunch } from './prepare-launch';
import { buildRunResult, newRunIdentity } from './run-result';

export type { ExecuteOptions } from './execute-options';

/**
 * Runs one job process to completion: validates the launch, spawns without a console window, drains output to a
 * log, watches the startup window, enforces the timeout, honours cancellation, and ends the whole process tree.
 * Never throws: every failure is a RunResult. Stateless: any number of runs may share one instance.
 */
export class ProcessExecutionService {
  /** `run` is the run's identity, or just a job name for a run of its own (a fresh id, manual trigger). */
  async execute(
    run: RunIdentity | string,
    settings: ProcessSettings,
    options: ExecuteOptions = {},
  ): Promise<RunResult> {
    const identity = typeof run === 'string' ? newRunIdentity(run) : run;
    const startTime = new Date();
    if (options.signal?.aborted) {
      return buildRunResult(identity, {
        status: 'Cancelled',
        message: 'cancelled before it started',
        startTime,
      });
    }
    const launched = await launch(identity, settings, options, startTime);
    if (!(launched instanceof LaunchedRun)) return launched;
    // Returned, not awaited: this function's frame (and its locals) would otherwise be held for the whole run.
    return launched.wait();
  }
}

/**
 * Prepares and builds the run, or the result that says why it cannot start. A function of its own, so that the
 * prepared launch (with its environment) is not a local of the caller's frame, which lives as long as the run.
 */
async function launch(
  identity: RunIdentity,
  settings: ProcessSettings,
  options: ExecuteOptions,
  startTime: Date,
): Promise<LaunchedRun | RunResult> {
  let prepared: PreparedLaunch;
  try {
    prepared = await prepareLaunch(settings, identity.runId, options);
  } catch (error) {
    const message =
      error instanceof HubError ? error.toString() : `could not prepare the job: ${String(error)}`;
    return buildRunResult(identity, { status: 'Failed', message, startTime });
  }
  const timeoutMinutes =
    options.runTimeoutMinutes ??
    effectiveTimeoutMinutes(settings.timeoutMinutes, options.defaultTimeoutMinutes);
  return new LaunchedRun(identity, prepared, settings, options, timeoutMinutes, startTime);
}
