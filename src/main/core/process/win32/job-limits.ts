import type { processPriorities } from '../../../../shared/job-schema';
import { type ExtendedLimits, JobLimit } from './job-layout';

export type Priority = (typeof processPriorities)[number];

/**
 * Windows priority classes for `process.priority`, the same mapping libuv's os.setPriority uses
 * (PRIORITY_LOW is IDLE_PRIORITY_CLASS).
 */
export const PRIORITY_CLASSES: Record<Priority, number> = {
  low: 0x40,
  belowNormal: 0x4000,
  normal: 0x20,
  aboveNormal: 0x8000,
  high: 0x80,
};

/** What a run asks of its job. */
export interface RunLimits {
  priority?: Priority | undefined;
  maxMemoryMB?: number | undefined;
}

/**
 * The job limits for a run. Always KILL_ON_JOB_CLOSE: if the hub dies, the job's last handle closes and Windows
 * ends every process of the run. A priority other than normal becomes the job's priority class, which Windows
 * applies to every process in the job (a child's priority class is otherwise not inherited); maxMemoryMB becomes
 * the job's committed-memory limit for all its processes together. No breakaway flag: a process of the run can
 * never leave the job.
 */
export function runJobLimits(limits: RunLimits): ExtendedLimits {
  let limitFlags = JobLimit.KILL_ON_JOB_CLOSE;
  let priorityClass = 0;
  let jobMemoryLimit = 0n;
  if (limits.priority && limits.priority !== 'normal') {
    limitFlags |= JobLimit.PRIORITY_CLASS;
    priorityClass = PRIORITY_CLASSES[limits.priority];
  }
  if (limits.maxMemoryMB !== undefined && limits.maxMemoryMB > 0) {
    limitFlags |= JobLimit.JOB_MEMORY;
    jobMemoryLimit = BigInt(Math.trunc(limits.maxMemoryMB)) * 1024n * 1024n;
  }
  return { limitFlags, priorityClass, jobMemoryLimit };
}

/** The same limits without the priority class: the retry when raising it was refused (it needs a privilege). */
export function withoutPriority(limits: ExtendedLimits): ExtendedLimits {
  return { ...limits, limitFlags: limits.limitFlags & ~JobLimit.PRIORITY_CLASS, priorityClass: 0 };
}
