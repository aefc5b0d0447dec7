import { homedir } from 'node:os';
import { parseDuration } from '../../../shared/format';
import { formatProblem } from '../../../shared/job-file';
import type { RunResult } from '../../../shared/run-types';
import { readJobFile } from '../../core/jobs/read-job-file';
import { JobExecutionOrchestrator } from '../../core/orchestrator/job-execution-orchestrator';
import { dataLayout, defaultDataDir } from '../../core/store/data-dir';
import { type CliIO, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

export const EXIT_FAILED = 1;
export const EXIT_TIMED_OUT = 124;
export const EXIT_CANCELLED = 130;

export const RUN_USAGE = `Usage: automation-hub run <job.json> [--json] [--timeout <30s|5m|2h>] [--log-dir <dir>]

Runs one job now, streams its output and prints a one-line summary.
  --json            print only the run result as one JSON object on stdout
  --timeout <time>  override process.timeoutMinutes (e.g. 30s, 5m, 2h)
  --log-dir <dir>   where the run's log goes (default: the data folder's logs)
Exit code: 0 succeeded, 1 failed, 124 timed out, 130 cancelled, 2 invalid job file or usage.
`;

/** The exit code a run result maps to, so scripts can tell failure, timeout and cancellation apart. */
export function exitCodeFor(result: RunResult): number {
  switch (result.status) {
    case 'CompletedSuccessfully':
      return 0;
    case 'TimedOut':
      return EXIT_TIMED_OUT;
    case 'Cancelled':
      return EXIT_CANCELLED;
    default:
      return EXIT_FAILED;
  }
}

/** The fields `run --json` prints, in a stable order. */
export function resultJson(result: RunResult): Record<string, unknown> {
  const { jobName, success, status, exitCode, message, startTime, endTime, durationMs, logPath, outputTail } =
    result;
  return {
    jobName,
    success,
    status,
    exitCode,
    message,
    startTime,
    endTime,
    durationMs,
    logPath,
    outputTail,
    runId: result.runId,
    pid: result.pid,
    signal: result.signal,
  };
}

/** `automation-hub run`: one job, now, with every guarantee of the hub; SIGINT/SIGTERM cancel it. */
export async function runCommand(
  argv: string[],
  io: CliIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'log-dir': { type: 'string' },
      },
    },
    RUN_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.stderr(`${positionals.length > 1 ? 'run takes one job file.\n\n' : ''}${RUN_USAGE}`);
    return EXIT_USAGE;
  }
  let timeoutMinutes: number | undefined;
  if (values.timeout !== undefined) {
    const ms = parseDuration(values.timeout);
    if (ms === null) {
      io.stderr(`--timeout: "${values.timeout}" is not a duration; use for example 30s, 5m or 2h.\n`);
      return EXIT_USAGE;
    }
    timeoutMinutes = ms / 60_000;
  }

  const loaded = await readJobFile(file);
  if (!loaded.ok) {
    for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
    return EXIT_USAGE;
  }
  const job =
    timeoutMinutes === undefined
      ? loaded.job
      : { ...loaded.job, process: { ...loaded.job.process, timeoutMinutes } };
  const logDir = values['log-dir'] ?? dataLayout(defaultDataDir(env, process.platform, homedir())).logsDir;

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(`${signal} received`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const orchestrator = new JobExecutionOrchestrator({ logDir });
    if (!values.json) {
      orchestrator.monitor.events.on((event) => {
        if (event.type === 'run-status') io.stderr(`[status] ${event.run.statusMessage}\n`);
      });
    }
    const result = await orchestrator.executeJob(job, {
      signal: controller.signal,
      trigger: { kind: 'cli' },
      jobFile: file,
      ...(values.json ? {} : { onOutput: (chunk: Buffer) => io.stdout(chunk.toString('utf8')) }),
    });
    if (values.json) io.stdout(`${JSON.stringify(resultJson(result))}\n`);
    else io.stderr(`${summaryLine(result)}\n`);
    return exitCodeFor(result);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `✓ Nightly export: completed in 1.2 s (exit code 0) — log: …` */
export function summaryLine(result: RunResult): string {
  const mark = result.success ? '✓' : '✗';
  const log = result.logPath ? ` — log: ${result.logPath}` : '';
  return `${mark} ${result.jobName}: ${result.message}${log}`;
}
