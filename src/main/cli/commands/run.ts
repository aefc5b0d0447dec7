import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration, lacksUnit, parseDuration } from '../../../shared/format';
import type { RunTicket } from '../../../shared/hub-api';
import type { RunResult } from '../../../shared/run-types';
import { terminalSafe } from '../../../shared/terminal-text';
import { ChannelError } from '../../core/channel/channel-client';
import type { RunStreamEvent } from '../../core/channel/channel-protocol';
import type { CheckedJobs } from '../../core/jobs/checked-jobs';
import { dataDirFrom } from '../data-dir-option';
import { statusText } from '../event-lines';
import { type HubLink, linkToHub } from '../hub-link';
import { type CliIO, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';
import { takeStopSignals } from '../signals';

export const EXIT_FAILED = 1;
export const EXIT_SKIPPED = 3;
export const EXIT_TIMED_OUT = 124;
export const EXIT_CANCELLED = 130;

export const RUN_USAGE = `Usage: automation-hub run <job.json> [--json] [--timeout <30s|5m|2h>] [--log-dir <dir>] [--data <dir>]
       automation-hub run <job name> [the same options]

Runs one job now, streams its output and prints a one-line summary. A job file runs as it is (relative paths
in it mean its own folder); a name runs that job from the library. When the app or a daemon owns the data
folder, the run is handed to it (its history, its concurrency rules); otherwise this command owns the folder
until its run ends.
  --json            print only the run result as one JSON object on stdout
  --timeout <time>  this run's timeout instead of the job's, with its unit: 30s, 5m, 2h
  --log-dir <dir>   where the run's log goes (default: the data folder's logs)
  --data <dir>      the data folder (default: AUTOMATION_HUB_HOME, else the app's)
Ctrl+C stops the job's whole process tree and records the run; a second Ctrl+C ends the grace period.
Exit code: 0 succeeded, 1 failed, 2 invalid job file or usage, 3 skipped (the job was already running),
124 timed out, 130 cancelled.
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
    case 'Skipped':
      return EXIT_SKIPPED;
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
    // What the run's Windows Job Object counted, where it did.
    ...(result.cpuMs !== undefined ? { cpuMs: result.cpuMs } : {}),
    ...(result.peakMemoryBytes !== undefined ? { peakMemoryBytes: result.peakMemoryBytes } : {}),
    ...(result.processesStarted !== undefined ? { processesStarted: result.processesStarted } : {}),
  };
}

/** `✓ Nightly export: completed in 1.2 s (exit code 0) — log: …` */
export function summaryLine(result: RunResult): string {
  const mark = result.success ? '✓' : result.status === 'Skipped' ? '–' : '✗';
  const log = result.logPath ? ` — log: ${result.logPath}` : '';
  return `${mark} ${result.jobName}: ${result.message}${log}`;
}

// The longest timeout a run may be given (the channel refuses more): 31 days.
const MAX_TIMEOUT_MINUTES = 31 * 24 * 60;

/** `--timeout` in minutes, or what is wrong with it. A number without a unit is refused, never guessed. */
export function timeoutOption(text: string): number | string {
  if (lacksUnit(text))
    return `"${text}" has no unit: write ${text.trim()}s for seconds, ${text.trim()}m for minutes or ${text.trim()}h for hours.`;
  const ms = parseDuration(text);
  if (ms === null) return `"${text}" is not a duration; use for example 30s, 5m or 2h.`;
  if (ms / 60_000 > MAX_TIMEOUT_MINUTES)
    return `"${text}" is longer than 31 days, the longest timeout a run may have.`;
  return ms / 60_000;
}

// A hub that was closing when we asked (an `automation-hub run` finishing): ask again, a few times.
const HANDOFF_TRIES = 5;

/** `automation-hub run`: one job, now, with every guarantee of the hub; stop signals cancel it. */
export async function runCommand(
  argv: string[],
  io: CliIO,
  checkedJobs: CheckedJobs | null = null,
): Promise<number> {
  const parsed = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        'log-dir': { type: 'string' },
        data: { type: 'string' },
      },
    },
    RUN_USAGE,
    io,
  );
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    io.stderr(`${positionals.length > 1 ? 'run takes one job file or job name.\n\n' : ''}${RUN_USAGE}`);
    return EXIT_USAGE;
  }
  let timeoutMinutes: number | undefined;
  if (values.timeout !== undefined) {
    const parsedTimeout = timeoutOption(values.timeout);
    if (typeof parsedTimeout === 'string') {
      io.stderr(`--timeout: ${parsedTimeout}\n`);
      return EXIT_USAGE;
    }
    timeoutMinutes = parsedTimeout;
  }
  const isFile = /\.json$/i.test(target) || existsSync(target);
  const request = {
    ...(isFile ? { file: resolve(target) } : { job: target }),
    ...(timeoutMinutes !== undefined ? { timeoutMinutes } : {}),
    ...(values['log-dir'] ? { logDir: resolve(values['log-dir']) } : {}),
    follow: true,
  };

  const run = new FollowedRun(io, values.json);
  const giveBack = takeStopSignals((signal, count) => run.stop(signal, count));
  try {
    for (let attempt = 1; ; attempt++) {
      if (run.stopRequested) return EXIT_CANCELLED;
      const link = await linkToHub(dataDirFrom(values.data), checkedJobs);
      run.attach(link);
      try {
        const answer = (await link.call('run', request, (event) => run.onEvent(terminalSafe(event)))) as {
          ticket: RunTicket;
          result: RunResult;
        };
        run.finish(answer.result);
        await run.releaseOwnership();
        return exitCodeFor(answer.result);
      } catch (error) {
        const retry =
          error instanceof ChannelError &&
          (error.code === 'hub-stopping' || error.code === 'disconnected') &&
          !run.accepted &&
          attempt < HANDOFF_TRIES;
        await run.releaseOwnership();
        if (retry) continue;
        if (error instanceof ChannelError && error.code === 'disconnected') {
          io.stderr(
            `✗ ${target}: Automation Hub (pid ${link.hub.pid}) stopped while the run was in progress; it recorded the run (see automation-hub history).\n`,
          );
          return EXIT_FAILED;
        }
        io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
        return error instanceof ChannelError && error.code === 'job-invalid' ? EXIT_USAGE : EXIT_FAILED;
      } finally {
        link.close();
      }
    }
  } finally {
    giveBack();
  }
}

/** One run followed to its end: prints what the hub streams, and turns stop signals into cancel requests. */
class FollowedRun {
  #link: HubLink | null = null;
  #runId: string | null = null;
  #stops = 0;
  #signal: NodeJS.Signals = 'SIGINT';
  #lastStatus = '';

  constructor(
    private readonly io: CliIO,
    private readonly json: boolean,
  ) {}

  get accepted(): boolean {
    return this.#runId !== null;
  }

  get stopRequested(): boolean {
    return this.#stops > 0;
  }

  attach(link: HubLink): void {
    this.#link = link;
  }

  onEvent(event: RunStreamEvent): void {
    switch (event.type) {
      case 'accepted':
        this.#runId = event.runId;
        if (this.#stops > 0) this.#cancel(this.#stops > 1);
        return;
      case 'output':
        if (!this.json) writeBytes(this.io, Buffer.from(event.data, 'base64'));
        return;
      case 'output-skipped':
        if (!this.json)
          this.io.stderr(
            `[output] ${event.bytes} bytes not shown here (the terminal was too slow); they are in the log\n`,
          );
        return;
      case 'status': {
        const text = statusText(event.message, event.progress);
        if (!this.json && text && text !== this.#lastStatus) this.io.stderr(`[status] ${text}\n`);
        this.#lastStatus = text;
        return;
      }
      case 'retrying':
        if (!this.json)
          this.io.stderr(
            `[retry] ${summaryLine(event.previous)}\n[retry] retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt} of ${event.attempts})\n`,
          );
        return;
      default:
        return;
    }
  }

  finish(result: RunResult): void {
    if (this.json) this.io.stdout(`${JSON.stringify(resultJson(result))}\n`);
    else this.io.stderr(`${summaryLine(terminalSafe(result))}\n`);
  }

  /** First signal: cancel the run (its tree is stopped, then it is recorded). Later ones end the grace period. */
  stop(signal: NodeJS.Signals, count: number): void {
    this.#stops = count;
    if (count === 1) this.#signal = signal;
    const owner = this.#link?.owner;
    if (count === 1 && !this.json)
      this.io.stderr(`${signal} received: stopping the job and its child processes…\n`);
    if (this.#runId) this.#cancel(count > 1);
    // This process owns the folder: a second signal also stops runs other commands handed to it.
    if (owner && count > 1) void owner.cancelAll(`${signal} received`, { hurry: true });
  }

  /** When this process owns the data folder: waits for runs other commands handed to it, then lets go. */
  async releaseOwnership(): Promise<void> {
    const owner = this.#link?.owner;
    if (!owner) return;
    let told = false;
    while (owner.orchestrator.activeCount > 0) {
      if (!told && !this.json) {
        this.io.stderr(
          `Waiting for ${owner.orchestrator.activeCount} run(s) other automation-hub commands handed to this one (Ctrl+C stops them)…\n`,
        );
        told = true;
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    await owner.close();
  }

  #cancel(hurry: boolean): void {
    const runId = this.#runId;
    if (!runId || !this.#link) return;
    const request = { target: runId, reason: `${this.#signal} received`, ...(hurry ? { hurry: true } : {}) };
    this.#link.call('cancel', request).catch(() => {
      // Already over, or the hub went away: the result (or its absence) says what happened.
    });
  }
}

function writeBytes(io: CliIO, bytes: Buffer): void {
  if (io.write) io.write(bytes);
  else io.stdout(bytes.toString('utf8'));
}
