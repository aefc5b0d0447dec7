import { resolve } from 'node:path';
import { sameJobName } from '../../../shared/job-name';
import { HubError } from '../errors';
import type { CheckedJobs } from '../jobs/checked-jobs';
import type { JobExecutionOrchestrator } from '../orchestrator/job-execution-orchestrator';
import { admitJobFile } from './job-file-admission';
import type { Launched, RunLauncher } from './run-launcher';

/** A run a command asks for: a job file or a library job, with this run's own timeout or log folder. */
export interface RunSpec {
  file?: string;
  job?: string;
  timeoutMinutes?: number;
  logDir?: string;
}

/** A run named in an answer. */
export interface RunRef {
  runId: string;
  jobName: string;
}

/** Starts the run a command asked for (trigger `cli`), with a live copy of its output for the caller. */
export async function startRequestedRun(
  launcher: RunLauncher,
  spec: RunSpec,
  onOutput?: (chunk: Buffer) => void,
  checked: CheckedJobs | null = null,
): Promise<Launched> {
  const { job, file } = spec.file
    ? await admitJobFile(spec.file, undefined, checked)
    : launcher.runnable(spec.job ?? '');
  return launcher.launch(
    job,
    file,
    { kind: 'cli', ...(spec.file ? { detail: file } : {}) },
    {
      ...(spec.logDir ? { logDir: resolve(spec.logDir) } : {}),
      ...(spec.timeoutMinutes !== undefined ? { timeoutMinutes: spec.timeoutMinutes } : {}),
      ...(onOutput ? { onOutput } : {}),
    },
  );
}

/**
 * Cancels by run id, by a unique start of one (as `status` prints them), or by job name (compared as job-name.ts
 * says: every run of it). HubError('run-not-found') when nothing matches, 'run-ambiguous' for a start shared by several ids.
 */
export function cancelRequested(
  orchestrator: JobExecutionOrchestrator,
  target: string,
  options: { hurry?: boolean; reason?: string },
): RunRef[] {
  const runs = new Map<string, RunRef>();
  for (const run of [...orchestrator.activeRuns(), ...orchestrator.monitor.getAllRunningJobs()])
    runs.set(run.runId, { runId: run.runId, jobName: run.jobName });
  const exact = runs.get(target);
  const byId = exact
    ? [exact]
    : [...runs.values()].filter((r) => target.length >= 4 && r.runId.startsWith(target));
  if (byId.length > 1)
    throw new HubError('run-ambiguous', `"${target}" starts ${byId.length} run ids: give more of the id`);
  const matches =
    byId.length === 1 ? byId : orchestrator.activeRuns().filter((r) => sameJobName(r.jobName, target));
  if (matches.length === 0)
    throw new HubError('run-not-found', `no run or job named "${target}" is running or waiting`);
  for (const run of matches)
    orchestrator.cancel(run.runId, options.reason ?? 'cancelled by the user', options);
  return matches;
}
