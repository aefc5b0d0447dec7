import { formatDuration } from '../../../shared/format';
import { identityOf, type RunResult } from '../../../shared/run-types';
import { RUN_MARKER_VARIABLE } from '../execution/run-environment';
import { buildRunResult } from '../execution/run-result';
import { DEFAULT_KILL_GRACE_MS } from '../execution/run-tree';
import { leftRunCgroup, removeEmptyRunContainers, warmRunContainers } from '../process/cgroup/open-cgroup';
import { killProcessTree, type ProcessContainer } from '../process/kill-tree';
import { processesWithMarker } from '../process/marked-processes';
import { isAlive, processStartTime } from '../process/process-table';
import type { HistoryStore } from '../store/history-store';
import { readLogOutput } from '../store/read-log-output';
import type { JournalEntry, RunJournal } from '../store/run-journal';

/** Stands for "start time never recorded": no live process matches it, so only the run marker is followed. */
const UNKNOWN_START = 'unknown';

/**
 * Finishes the records of runs a dead hub left in progress: each becomes an `Interrupted` history entry, and
 * its process tree is stopped if it is still alive — but only processes proven to be that run's (same pid AND
 * same start time, or carrying the run's marker), never a stranger that reused the pid. A run already in the
 * history (the hub died between recording it and clearing the journal) is just cleared.
 */
export async function recoverInterruptedRuns(
  journal: RunJournal,
  history: HistoryStore,
  options: { killGraceMs?: number; now?: () => Date } = {},
): Promise<{ recovered: RunResult[]; messages: string[] }> {
  const recovered: RunResult[] = [];
  const messages: string[] = [];
  for (const entry of journal.entries()) {
    if (history.get(entry.runId)) {
      journal.remove(entry.runId);
      continue;
    }
    const stopped = await stopLeftovers(entry, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    const result = await interruptedResult(entry, stopped, options.now?.() ?? new Date());
    history.add(result);
    journal.remove(entry.runId);
    recovered.push(result);
    messages.push(
      `"${entry.jobName}" (run ${entry.runId.slice(0, 8)}, started ${entry.startTime}): ${result.message}`,
    );
  }
  removeEmptyRunContainers();
  // Where a first move into a cgroup waits for the kernel, that wait falls now, while the hub goes on starting.
  warmRunContainers();
  return { recovered, messages };
}

async function stopLeftovers(
  entry: JournalEntry,
  graceMs: number,
): Promise<{ pids: number[]; survivors: number[] }> {
  // The run's cgroup (Linux, where runs are contained) outlives the hub: whatever is still in it is the run's.
  const container = leftRunCgroup(entry.runId);
  try {
    return await stopTree(entry, graceMs, container?.members() ?? [], container ?? undefined);
  } finally {
    await container?.dispose();
  }
}

async function stopTree(
  entry: JournalEntry,
  graceMs: number,
  contained: number[],
  container: ProcessContainer | undefined,
): Promise<{ pids: number[]; survivors: number[] }> {
  const marker = { name: RUN_MARKER_VARIABLE, value: entry.runId };
  let root = entry.pid;
  let rootStartTime = entry.pidStartTime ?? UNKNOWN_START;
  if (root === null) {
    // Journaled just before its spawn, and the hub died before it learned the pid: if the process exists, it
    // carries the run's marker or sits in the run's cgroup, and that is proof enough that it is ours.
    const [carrier] = [...(await processesWithMarker(marker)), ...contained];
    if (carrier === undefined) return { pids: [], survivors: [] };
    root = carrier;
    rootStartTime = (await processStartTime(carrier)) ?? UNKNOWN_START;
  }
  if (root <= 1) return { pids: [], survivors: [] };
  const pid = root;
  try {
    const report = await killProcessTree(pid, {
      graceMs,
      marker,
      rootStartTime,
      ...(container ? { container } : {}),
    });
    return { pids: report.pids, survivors: report.survivors };
  } catch {
    return { pids: [], survivors: isAlive(pid) ? [pid] : [] };
  }
}

async function interruptedResult(
  entry: JournalEntry,
  stopped: { pids: number[]; survivors: number[] },
  now: Date,
): Promise<RunResult> {
  const log = entry.logPath ? await readLogOutput(entry.logPath) : null;
  // The log's last write is the best evidence of when the run last did anything.
  const end = log?.mtime && log.mtime > new Date(entry.startTime) ? log.mtime : now;
  const durationMs = Math.max(0, end.getTime() - Date.parse(entry.startTime));
  const fate =
    stopped.pids.length > 0
      ? `its ${stopped.pids.length} remaining process${stopped.pids.length === 1 ? ' was' : 'es were'} stopped`
      : 'its process had already ended';
  const warning =
    stopped.survivors.length > 0
      ? `; WARNING: process ${stopped.survivors.join(', ')} could not be stopped`
      : '';
  return buildRunResult(identityOf(entry), {
    status: 'Interrupted',
    message: `interrupted after ${formatDuration(durationMs)}: Automation Hub (pid ${entry.hubPid}) stopped unexpectedly while this run was in progress; ${fate}${warning}`,
    startTime: entry.startTime,
    endTime: end,
    logPath: entry.logPath,
    outputTail: log?.text ?? '',
    pid: entry.pid,
  });
}
