import { setTimeout as sleep } from 'node:timers/promises';
import type { KillReport } from '../kill-tree';
import { hundredNanosToMs } from './filetime';
import { JobMessage } from './job-layout';
import { type RunLimits, runJobLimits, withoutPriority } from './job-limits';
import { JobObject } from './job-object';
import { type Kernel32, Win32Error } from './kernel32';
import { isConsoleHost, snapshotProcesses } from './process-facts';

/** What a run's job counted: the whole tree, including processes that already exited. */
export interface RunAccounting {
  /** User plus kernel CPU time of every process the run had. */
  cpuMs: number;
  /** Peak committed memory of all its processes together; null where Windows does not report it. */
  peakMemoryBytes: number | null;
  /** Processes the run had in total: its main process and everything started under it. */
  processesStarted: number;
}

// TerminateJobObject returns once Windows has begun ending the processes; they are gone a moment later.
const VERIFY_MS = 3000;
const VERIFY_POLL_MS = 20;
const TERMINATED_EXIT_CODE = 1;

/** A job created for one run before its process exists, with the notes its limits produced. */
export interface PreparedJob {
  job: JobObject;
  /** Limits Windows refused, in words for the run's message. */
  notes: string[];
}

/**
 * Creates the job for a run, before spawn(), so that right after spawn() only the assignment remains. A
 * priority Windows refuses (raising it needs the "Increase scheduling priority" privilege) is dropped with a note,
 * and the job is made without it. Throws Win32Error when no job can be made at all.
 */
export function prepareJob(kernel32: Kernel32, limits: RunLimits): PreparedJob {
  const wanted = runJobLimits(limits);
  try {
    return { job: JobObject.create(kernel32, wanted), notes: [] };
  } catch (error) {
    if (!(error instanceof Win32Error) || wanted.priorityClass === 0) throw error;
    const job = JobObject.create(kernel32, withoutPriority(wanted));
    const privilege = error.code === 1314 || error.code === 5 ? ': it needs administrator rights' : '';
    return {
      job,
      notes: [
        `process.priority: "${limits.priority}" could not be set (${error.message}${privilege}); the job ran at normal priority`,
      ],
    };
  }
}

/**
 * Ends every process in the job and proves it: TerminateJobObject, then the job's active-process count must
 * reach zero. The report's `pids` leave out console hosts (see isConsoleHost). There is no graceful step on Windows: console programs have no SIGTERM, and Ctrl+Break reaches only
 * a process group of its own, which Node gives a child only together with a new console window.
 */
export async function terminateJob(job: JobObject, kernel32: Kernel32): Promise<KillReport> {
  if (job.accounting().activeProcesses === 0) return { pids: [], forced: false, survivors: [] };
  // A console host still closing after its program exited is not a process the run left behind. The names are
  // read first: a host gone by the time the job lists its processes is simply not listed.
  const names = new Map(snapshotProcesses(kernel32).map((row) => [row.pid, row.exeFile]));
  const pids = job.processIds().filter((pid) => !isConsoleHost(names.get(pid)));
  job.terminate(TERMINATED_EXIT_CODE);
  const deadline = Date.now() + VERIFY_MS;
  while (job.accounting().activeProcesses > 0 && Date.now() < deadline) await sleep(VERIFY_POLL_MS);
  const survivors = job.accounting().activeProcesses > 0 ? job.processIds() : [];
  const byPid = (a: number, b: number) => a - b;
  return { pids: pids.sort(byPid), forced: true, survivors: survivors.sort(byPid) };
}

/** The run's CPU time, peak memory and process count, from the job's own accounting. */
export function jobAccounting(job: JobObject): RunAccounting {
  const basic = job.accounting();
  const peak = job.extendedLimits().peakJobMemoryUsed;
  return {
    cpuMs: hundredNanosToMs(basic.totalUserTime + basic.totalKernelTime),
    // Zero means "not tracked" (Wine never fills it in): a run that ran anything used some memory.
    peakMemoryBytes: peak > 0n ? Number(peak) : null,
    processesStarted: basic.totalProcesses,
  };
}

/**
 * Whether the job's memory limit refused memory to any of its processes: Windows posts JOB_MEMORY_LIMIT to the
 * job's completion port when it does. `seen` carries what earlier calls found, since each message is read once.
 */
export function memoryLimitReached(job: JobObject, limitMB: number | undefined, seen: boolean): boolean {
  if (seen) return true;
  if (!limitMB) return false;
  const hit = job
    .notices()
    .some(
      (notice) =>
        notice.message === JobMessage.JOB_MEMORY_LIMIT || notice.message === JobMessage.PROCESS_MEMORY_LIMIT,
    );
  if (hit) return true;
  // Delivery of port messages is not guaranteed: a peak at the limit says the same.
  return job.extendedLimits().peakJobMemoryUsed >= BigInt(limitMB) * 1024n * 1024n;
}
