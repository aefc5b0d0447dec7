import { isAbsolute, relative, resolve } from 'node:path';
import type { LogTail } from '../../../shared/hub-api';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { HubError } from '../errors';
import { readLogOutput } from '../store/read-log-output';

/** The log of a run, only if it lies inside `logsDir` (a path is never taken from outside the hub's logs). */
export function logPathInside(logsDir: string, run: RunResult | RunningJobInfo | null): string | null {
  const path = run?.logPath;
  if (!path) return null;
  const inside = relative(logsDir, resolve(path));
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? resolve(path) : null;
}

/**
 * The end of a run's log for the window: read from the log file inside `logsDir`, or the output tail kept with
 * the run when it has no log there. Throws HubError('run-not-found') for an unknown run.
 */
export async function readRunLog(
  logsDir: string,
  runId: string,
  run: RunResult | RunningJobInfo | null,
  live: boolean,
  maxBytes: number,
): Promise<LogTail> {
  if (!run)
    throw new HubError('run-not-found', `no run with id ${runId}: it may have been pruned from history`);
  const logPath = logPathInside(logsDir, run);
  if (!logPath) {
    const text = 'outputTail' in run ? run.outputTail : '';
    return { runId, text, size: Buffer.byteLength(text), truncated: false, live, logPath: null };
  }
  // The job's own output: the header and outcome line the hub wrote around it are for people opening the file.
  const output = await readLogOutput(logPath, maxBytes);
  return {
    runId,
    text: output?.text ?? '',
    size: output?.size ?? 0,
    truncated: output?.truncated ?? false,
    live,
    logPath,
  };
}
