import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { constants, setPriority } from 'node:os';
import { resolve } from 'node:path';
import {
  DEFAULT_STARTUP_SECONDS,
  DEFAULT_TIMEOUT_MINUTES,
  type ProcessSettings,
} from '../../../shared/job-schema';
import { OUTPUT_TAIL_BYTES, type RunResult, type RunTrigger } from '../../../shared/run-types';
import { HubError } from '../errors';
import { type LaunchPlan, planLaunch, readFileHead } from '../launch';
import { type KillReport, killProcessTree } from '../process/kill-tree';
import { processStartTime } from '../process/process-table';
import { treeMemoryBytes } from '../process/tree-memory';
import { describeOutcome, type OutcomeFacts } from './outcome';
import { OutputCapture } from './output-capture';
import { mergeEnvironment, RUN_MARKER_VARIABLE } from './run-environment';
import { parseStatusLine, type StatusLine } from './status-protocol';

/** How often `process.maxMemoryMB` looks at a run's memory (POSIX; reading /proc costs well under a millisecond). */
export const MEMORY_CHECK_MS = 1000;

/** os.setPriority values for `process.priority`: Windows priority classes, nice 19…−14 elsewhere. */
const PRIORITY_VALUES = {
  low: constants.priority.PRIORITY_LOW,
  belowNormal: constants.priority.PRIORITY_BELOW_NORMAL,
  normal: constants.priority.PRIORITY_NORMAL,
  aboveNormal: constants.priority.PRIORITY_ABOVE_NORMAL,
  high: constants.priority.PRIORITY_HIGH,
} as const;

/** SIGTERM first; SIGKILL for whatever is still alive after this long. */
export const DEFAULT_KILL_GRACE_MS = 5000;

export interface ExecuteOptions {
  signal?: AbortSignal;
  runId?: string;
  trigger?: RunTrigger;
  attempt?: number;
  firstRunId?: string;
  jobFile?: string;
  /** Folder for the run's log file; null or absent keeps only the output tail. */
  logDir?: string | null;
  /** Relative `workingDirectory` and `command` paths resolve here (default: the current directory). */
  baseDir?: string;
  /** Replaces the 60-minute default when `timeoutMinutes` is 0 or absent. */
  defaultTimeoutMinutes?: number;
  killGraceMs?: number;
  /** Inherited environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Variables the hub adds, e.g. AUTOMATION_HUB_TRIGGER_FILE. */
  extraEnv?: Record<string, string>;
  /**
   * Called right before the process is started, with everything known but its pid: the hub journals the run
   * here, so that a hub dying between spawn and the journal write cannot leave an unrecorded process.
   */
  onBeforeSpawn?: (info: { logPath: string | null }) => void;
  /** Called once the process exists, before any startup check. */
  onSpawn?: (info: { pid: number; logPath: string | null; commandLine: string }) => void;
  /** Called when the process's start time is known (it tells this process from a later one with the same pid). */
  onIdentified?: (info: { pid: number; pidStartTime: string | null }) => void;
  /** Called when the process has survived its startup window. */
  onStartupPassed?: () => void;
  onStatus?: (status: StatusLine) => void;
  onOutput?: (chunk: Buffer) => void;
}

const isWindows = process.platform === 'win32';

/**
 * Runs one job process to completion: validates the launch, spawns without a
 * console window, drains output to a log, watches the startup window, enforces the timeout, honours
 * cancellation, and ends the whole process tree. Never throws: every failure is a RunResult.
 * Stateless: any number of runs may share one instance.
 */
export class ProcessExecutionService {
  async execute(
    jobName: string,
    settings: ProcessSettings,
    options: ExecuteOptions = {},
  ): Promise<RunResult> {
    const runId = options.runId ?? randomUUID();
    const startTime = new Date();
    const base: Omit<RunResult, 'success' | 'status' | 'message' | 'endTime' | 'durationMs'> = {
      runId,
      jobName,
      exitCode: null,
      signal: null,
      startTime: startTime.toISOString(),
      logPath: null,
      outputTail: '',
      pid: null,
      trigger: options.trigger ?? { kind: 'manual' },
      attempt: options.attempt ?? 1,
      firstRunId: options.firstRunId ?? runId,
      ...(options.jobFile ? { jobFile: options.jobFile } : {}),
    };
    const finish = (
      fields: Partial<RunResult> & Pick<RunResult, 'status' | 'success' | 'message'>,
    ): RunResult => {
      const endTime = new Date();
      return {
        ...base,
        ...fields,
        endTime: endTime.toISOString(),
        durationMs: endTime.getTime() - startTime.getTime(),
      };
    };
    const refuse = (message: string): RunResult => finish({ status: 'Failed', success: false, message });

    if (options.signal?.aborted) {
      return finish({ status: 'Cancelled', success: false, message: 'cancelled before it started' });
    }
    let plan: LaunchPlan;
    let cwd: string;
    let env: Record<string, string>;
    try {
      const baseDir = options.baseDir ?? process.cwd();
      cwd = await checkWorkingDirectory(settings.workingDirectory, baseDir);
      env = mergeEnvironment(
        process.platform,
        options.env ?? process.env,
        settings.environment,
        options.extraEnv,
        {
          [RUN_MARKER_VARIABLE]: runId,
        },
      );
      plan = planLaunch(settings.command, settings.arguments, {
        platform: process.platform,
        env,
        cwd,
        isFile,
        isExecutable,
        readFileHead,
      });
    } catch (error) {
      return refuse(
        error instanceof HubError ? error.toString() : `could not prepare the job: ${String(error)}`,
      );
    }

    const run = new LaunchedRun(jobName, plan, cwd, env, settings, options, runId, startTime);
    const outcome = await run.wait();
    return finish(outcome);
  }
}

/** One launched process: owns its timers, its output capture and its tree until it is over. */
class LaunchedRun {
  readonly #capture: OutputCapture;
  #child: ChildProcess | null = null;
  #ending: OutcomeFacts['ending'] = 'exited';
  #cancelReason: string | undefined;
  #killing: Promise<KillReport> | null = null;
  #rootStartTime: Promise<string | null> = Promise.resolve(null);
  #memoryWatch: NodeJS.Timeout | null = null;
  #memoryUsed: number | null = null;
  readonly #notes: string[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #timeoutMinutes: number;
  readonly #startupMs: number;

  constructor(
    jobName: string,
    private readonly plan: LaunchPlan,
    private readonly cwd: string,
    private readonly env: Record<string, string>,
    private readonly settings: ProcessSettings,
    private readonly options: ExecuteOptions,
    private readonly runId: string,
    private readonly startTime: Date,
  ) {
    this.#timeoutMinutes =
      settings.timeoutMinutes || options.defaultTimeoutMinutes || DEFAULT_TIMEOUT_MINUTES;
    this.#startupMs = (settings.startupSeconds ?? DEFAULT_STARTUP_SECONDS) * 1000;
    this.#capture = new OutputCapture({
      logPath: options.logDir ? resolve(options.logDir, logFileName(startTime, jobName, runId)) : null,
      tailBytes: OUTPUT_TAIL_BYTES,
      consoleCodePage: plan.outputCodePage,
      onStatusLine: (line) => {
        const status = parseStatusLine(line);
        if (status) safely(() => options.onStatus?.(status));
      },
      ...(options.onOutput ? { onData: (chunk: Buffer) => safely(() => options.onOutput?.(chunk)) } : {}),
    });
  }

  async wait(): Promise<Partial<RunResult> & Pick<RunResult, 'status' | 'success' | 'message'>> {
    await this.#capture.open();
    await spawnTurn();
    safely(() => this.options.onBeforeSpawn?.({ logPath: this.#capture.logPath }));
    let child: ChildProcess;
    try {
      child = spawn(this.plan.file, this.plan.args, {
        cwd: this.cwd,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: this.plan.hideWindow,
        windowsVerbatimArguments: this.plan.windowsVerbatimArguments,
        // With verbatim arguments Node copies argv[0] unquoted; the plan's argv0 is quoted for paths with spaces.
        argv0: this.plan.argv0,
        // Own process group on POSIX so the whole tree can be signalled; on Windows it would open a console.
        detached: !isWindows,
      });
    } catch (error) {
      await this.#capture.close();
      return this.#spawnFailure(error);
    }
    this.#child = child;
    if (child.stdout) this.#capture.attach(child.stdout);
    if (child.stderr) this.#capture.attach(child.stderr);

    const spawned = await new Promise<Error | null>((resolveSpawn) => {
      child.once('spawn', () => resolveSpawn(null));
      child.once('error', (error) => resolveSpawn(error));
    });
    if (spawned || child.pid === undefined) {
      await this.#capture.close();
      return this.#spawnFailure(spawned);
    }
    const pid = child.pid;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
      child.once('exit', (code, signal) => resolveExit({ code, signal }));
    });
    const streamsClosed = new Promise<void>((resolveClose) => child.once('close', () => resolveClose()));

    safely(() =>
      this.options.onSpawn?.({ pid, logPath: this.#capture.logPath, commandLine: this.plan.display }),
    );
    this.#rootStartTime = processStartTime(pid).catch(() => null);
    void this.#rootStartTime.then((pidStartTime) =>
      safely(() => this.options.onIdentified?.({ pid, pidStartTime })),
    );
    this.#arm(() => safely(() => this.options.onStartupPassed?.()), this.#startupMs);
    this.#arm(() => this.#stop('timed-out'), this.#timeoutMinutes * 60_000);
    this.#applyPriority(pid);
    this.#watchMemory(pid);
    const onAbort = () => this.#stop('cancelled', abortReason(this.options.signal));
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.options.signal?.aborted) onAbort();

    const { code, signal } = await exited;
    const durationMs = Date.now() - this.startTime.getTime();
    for (const timer of this.#timers) clearTimeout(timer);
    if (this.#memoryWatch) clearInterval(this.#memoryWatch);
    this.options.signal?.removeEventListener('abort', onAbort);

    // The main process is gone; anything left of its tree is stopped too, so a run never leaves a process behind
    // (including descendants that left its process group: the run marker finds them on Linux). Windows cannot
    // find the children of an exited process (taskkill /T walks live parents only), so the sweep after a
    // normal exit is POSIX-only there; a kill in progress is still awaited.
    const none: KillReport = { pids: [], forced: false, survivors: [] };
    const report = await (this.#killing ?? (isWindows ? none : this.#kill()));
    const sweep = this.#killing && !isWindows ? await this.#kill() : report;
    const leftovers = this.#ending === 'exited' ? sweep.pids.filter((p) => p !== pid).length : 0;
    await Promise.race([streamsClosed, delay(2000)]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    await this.#capture.close();

    const facts: OutcomeFacts = {
      ending: this.#ending,
      exitCode: code,
      signal,
      durationMs,
      startupMs: this.#startupMs,
      successExitCodes: this.settings.successExitCodes ?? [0],
      timeoutMinutes: this.#timeoutMinutes,
      lastLine: this.#capture.lastLine(),
      leftovers,
      survivors: [...new Set([...report.survivors, ...sweep.survivors])],
      logError: this.#capture.logError,
      ...(this.#cancelReason ? { cancelReason: this.#cancelReason } : {}),
      ...(this.#memoryUsed !== null && this.settings.maxMemoryMB
        ? { memory: { usedBytes: this.#memoryUsed, limitMB: this.settings.maxMemoryMB } }
        : {}),
      notes: this.#notes,
    };
    return {
      ...describeOutcome(facts),
      exitCode: code,
      signal,
      pid,
      logPath: this.#capture.logPath,
      outputTail: this.#capture.tail(),
    };
  }

  /** `process.priority`: children inherit it on every platform, so setting it on the root covers the run. */
  #applyPriority(pid: number): void {
    const priority = this.settings.priority;
    if (!priority || priority === 'normal') return;
    try {
      setPriority(pid, PRIORITY_VALUES[priority]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.#notes.push(
        `process.priority: "${priority}" could not be set (${code}${code === 'EACCES' || code === 'EPERM' ? ': it needs administrator rights' : ''}); the job ran at normal priority`,
      );
    }
  }

  /** `process.maxMemoryMB`: samples the whole run's resident memory and stops the run when it is exceeded. */
  #watchMemory(pid: number): void {
    const limitMB = this.settings.maxMemoryMB;
    if (!limitMB) return;
    let sampling = false;
    const sample = async () => {
      if (sampling || this.#killing) return;
      sampling = true;
      try {
        const used = await treeMemoryBytes(pid);
        if (used !== null && used > limitMB * 1024 * 1024 && !this.#killing) {
          this.#memoryUsed = used;
          this.#stop('memory-limit');
        }
      } finally {
        sampling = false;
      }
    };
    // Windows answers through PowerShell (about a second per look): look less often there.
    this.#memoryWatch = setInterval(() => void sample(), isWindows ? 10_000 : MEMORY_CHECK_MS);
    void sample();
  }

  #arm(fn: () => void, ms: number): void {
    // setTimeout's limit is 2^31-1 ms (24.8 days); longer timeouts are capped by the schema's 31 days, so clamp.
    this.#timers.push(setTimeout(fn, Math.min(ms, 2_147_483_647)));
  }

  #stop(ending: 'timed-out' | 'cancelled' | 'memory-limit', reason?: string): void {
    if (this.#killing) return;
    this.#ending = ending;
    this.#cancelReason = reason;
    this.#killing = this.#kill();
  }

  async #kill(): Promise<KillReport> {
    const pid = this.#child?.pid;
    if (pid === undefined) return { pids: [], forced: false, survivors: [] };
    const rootStartTime = await this.#rootStartTime;
    return killProcessTree(pid, {
      graceMs: this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      marker: { name: RUN_MARKER_VARIABLE, value: this.runId },
      ...(rootStartTime ? { rootStartTime } : {}),
    }).catch((): KillReport => ({ pids: [pid], forced: true, survivors: [pid] }));
  }

  #spawnFailure(error: unknown): Pick<RunResult, 'status' | 'success' | 'message'> {
    return { status: 'Failed', success: false, message: describeSpawnError(error, this.plan) };
  }
}

/** Words for the errors spawn reports, with what to do about each. */
export function describeSpawnError(
  error: unknown,
  plan: Pick<LaunchPlan, 'display' | 'resolvedCommand'>,
): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const command = plan.resolvedCommand;
  switch (code) {
    case 'ENOENT':
      return `process.command: could not start "${command}": the file or its interpreter was not found. Check the path in process.command (and the #! line of a script).`;
    case 'EACCES':
      return `process.command: could not start "${command}": permission denied. Make the file executable (chmod +x) or run it through its interpreter.`;
    case 'ENOEXEC':
      return `process.command: could not start "${command}": it is not a program this system can run. Run it through its interpreter (e.g. "node", "python").`;
    case 'EINVAL':
      return `process.command: could not start "${command}": the system refused the command line (${plan.display}).`;
    default:
      return `process.command: could not start "${command}": ${error instanceof Error ? error.message : String(error)}`;
  }
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
      {
        field: 'process.workingDirectory',
      },
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

function abortReason(signal: AbortSignal | undefined): string | undefined {
  const reason: unknown = signal?.reason;
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return undefined;
}

/** Sortable, unique, readable and safe on every file system: 20261129-031502-nightly-export-<runId>.log */
export function logFileName(startTime: Date, jobName: string, runId: string): string {
  const stamp = startTime.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = jobName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${stamp}-${slug || 'job'}-${runId}.log`;
}

/** Runs a caller's hook; its failure must never leave a process unsupervised. */
function safely(hook: () => void): void {
  try {
    hook();
  } catch (error) {
    reportHookError(error);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}

function reportHookError(error: unknown): void {
  process.emitWarning(
    `a run hook failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}

// spawn() is synchronous and costs milliseconds (it copies the parent's page tables): 500 runs starting together
// would stall the event loop for seconds. Spawns take turns, one per event-loop turn, so timers, output and
// IPC are served between any two of them.
let lastTurn: Promise<void> = Promise.resolve();
function spawnTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolveTurn) => setImmediate(resolveTurn)));
  lastTurn = turn;
  return turn;
}
