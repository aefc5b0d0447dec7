import { resolve } from 'node:path';
import type { ProcessSettings } from '../../../shared/job-schema';
import { DEFAULT_STARTUP_SECONDS } from '../../../shared/job-timing';
import { OUTPUT_TAIL_BYTES, type RunIdentity, type RunResult } from '../../../shared/run-types';
import { type AwakeClock, awakeClock, type Cancel } from '../clock/awake-clock';
import { HUB_VERSION } from '../version';
import { abortReason } from './abort-reason';
import type { ExecuteOptions } from './execute-options';
import { logFileName } from './log-file-name';
import { describeOutcome, type OutcomeFacts } from './outcome';
import { OutputCapture, type OutputCaptureOptions } from './output-capture';
import type { PreparedLaunch } from './prepare-launch';
import { ResourceLimits } from './resource-limits';
import { safely } from './run-hooks';
import { logHeader, logOutcome } from './run-log-frame';
import { buildRunResult } from './run-result';
import { RunTree } from './run-tree';
import { type Exit, type SpawnedChild, spawnChild } from './spawn-child';
import { describeSpawnError } from './spawn-error';
import { spawnTurn } from './spawn-turn';
import { parseStatusLine } from './status-protocol';

/** How long a run's output streams may stay open after its process exited (a grandchild may hold them). */
const STREAMS_CLOSE_MS = 2000;

/**
 * One launched process: owns its timer, its output capture and its tree until it is over. `wait()` only
 * orchestrates: preparing the log, spawning (spawn-child), supervising (timeout, cancel, limits), ending the tree
 * (run-tree) and turning the facts into a verdict (outcome).
 *
 * Every running job holds one for as long as it runs, so what it holds is counted: one timer at a time (its
 * callback and the cancel listener are its only closures), limits only when the job has some, and no suspended
 * frame while the process runs (the end is chained on its exit).
 */
export class LaunchedRun {
  readonly #capture: OutputCapture;
  /** Priority and memory limit where the job sets them and no Job Object applies them. */
  #limits: ResourceLimits | null = null;
  #tree: RunTree | null = null;
  #ending: OutcomeFacts['ending'] = 'exited';
  #cancelReason: string | undefined;
  // What the spawn needs, the merged environment above all: released once the process exists.
  #prepared: PreparedLaunch | null;
  /** The startup window's end and the timeout, on the awake clock; one timer is armed for the nearer. */
  #startupAt = 0;
  #timeoutAt = 0;
  #startupPending = true;
  #timer: Cancel | null = null;
  readonly #onDeadline = (): void => this.#deadline();
  #onAbort: (() => void) | null = null;

  constructor(
    private readonly identity: RunIdentity,
    prepared: PreparedLaunch,
    private readonly settings: ProcessSettings,
    private readonly options: ExecuteOptions,
    private readonly timeoutMinutes: number,
    private readonly startTime: Date,
  ) {
    this.#prepared = prepared;
    this.#capture = new OutputCapture(
      new RunOutput(
        options.logDir
          ? resolve(options.logDir, logFileName(startTime, identity.jobName, identity.runId))
          : null,
        prepared.plan.outputCodePage,
        options,
      ),
    );
  }

  /** Runs the process to its end; never throws: every failure is a result. */
  async wait(): Promise<RunResult> {
    const spawned = await this.#start();
    if ('failed' in spawned) {
      const { failed } = spawned;
      await this.#capture.close(logOutcome(failed));
      return buildRunResult(this.identity, {
        status: failed.status,
        message: failed.message,
        logPath: this.#capture.logPath,
        startTime: this.startTime,
      });
    }
    // Chained, not awaited: this function's frame, with every register it used, would be held for the whole run.
    return spawned.exited.then((exit) => this.#finish(spawned, exit));
  }

  /** Opens the log, prepares the tree and spawns; once the process exists, supervises it. */
  async #start(): Promise<SpawnedChild | { failed: SpawnFailure }> {
    const prepared = this.#prepared as PreparedLaunch;
    await this.#capture.open(
      logHeader({
        run: this.identity,
        commandLine: prepared.plan.display,
        cwd: prepared.cwd,
        startTime: this.startTime,
        hubVersion: HUB_VERSION,
      }),
    );
    const { killGraceMs, hurry } = this.options;
    const tree = await RunTree.prepare(this.settings, this.identity.runId, killGraceMs, hurry);
    const endTurn = await spawnTurn();
    let spawned: SpawnedChild | { failed: SpawnFailure };
    try {
      // Started first, so the journal's flush (onBeforeSpawn) overlaps the hub's step into the run's cgroup.
      void tree.ready();
      safely(() => this.options.onBeforeSpawn?.({ logPath: this.#capture.logPath }));
      spawned = await this.#spawn(tree);
    } finally {
      endTurn();
    }
    const commandLine = prepared.plan.display;
    if ('failed' in spawned) return spawned;
    this.#tree = tree;
    this.#supervise(spawned.pid, tree, commandLine);
    return spawned;
  }

  /** The process exited: ends what is left of its tree, completes the log and gives the verdict. */
  async #finish(spawned: SpawnedChild, { code, signal }: Exit): Promise<RunResult> {
    const durationMs = Date.now() - this.startTime.getTime();
    this.#unsupervise();
    const tree = this.#tree as RunTree;
    const settled = await tree.settle();
    await Promise.race([spawned.whenClosed(), delay(STREAMS_CLOSE_MS)]);
    spawned.child.stdout?.destroy();
    spawned.child.stderr?.destroy();
    // The output is complete (or its log failed) before the verdict, which says whether the log is complete.
    await this.#capture.settle();

    const facts: OutcomeFacts = {
      ending: this.#ending,
      exitCode: code,
      signal,
      durationMs,
      startupMs: this.#startupMs(),
      successExitCodes: this.settings.successExitCodes ?? [0],
      timeoutMinutes: this.timeoutMinutes,
      timeoutForRun: this.options.runTimeoutMinutes !== undefined,
      lastLine: this.#capture.lastLine(),
      ...settled.facts,
      logError: this.#capture.logError,
      ...(this.#cancelReason ? { cancelReason: this.#cancelReason } : {}),
      ...(this.#limits?.exceeded ? { memory: this.#limits.exceeded } : {}),
      notes: [...(this.#limits?.notes ?? []), ...settled.notes],
    };
    let verdict = describeOutcome(facts);
    const outcome = { ...verdict, exitCode: code, signal, durationMs };
    await this.#capture.close(logOutcome(outcome));
    // Only the log's last line could not be written: the message says so.
    if (this.#capture.logError !== facts.logError)
      verdict = describeOutcome({ ...facts, logError: this.#capture.logError });
    return buildRunResult(this.identity, {
      status: verdict.status,
      message: verdict.message,
      exitCode: code,
      signal,
      pid: spawned.pid,
      logPath: this.#capture.logPath,
      outputTail: this.#capture.tail(),
      ...settled.accounting,
      startTime: this.startTime,
    });
  }

  /**
   * Spawns, and releases the prepared launch either way. In a method of its own: an async function's locals live
   * as long as it waits.
   */
  async #spawn(tree: RunTree): Promise<SpawnedChild | { failed: SpawnFailure }> {
    const prepared = this.#prepared as PreparedLaunch;
    this.#prepared = null;
    const spawned = await spawnChild(prepared, (stream) => this.#capture.attach(stream), tree);
    if (!('error' in spawned)) return spawned;
    const attempt = { ...prepared.plan, env: prepared.env };
    return {
      failed: {
        status: 'Failed',
        message: describeSpawnError(spawned.error, attempt),
        exitCode: null,
        signal: null,
        durationMs: Date.now() - this.startTime.getTime(),
      },
    };
  }

  /** Tells the caller the process exists, arms the startup window and the timeout, applies limits, listens for
   * cancellation; `#unsupervise` undoes all of it once the process has exited. */
  #supervise(pid: number, tree: RunTree, commandLine: string): void {
    const { options } = this;
    const logPath = this.#capture.logPath;
    safely(() => options.onSpawn?.({ pid, logPath, commandLine }));
    if (options.onIdentified)
      void tree.startTime.then((pidStartTime) => safely(() => options.onIdentified?.({ pid, pidStartTime })));
    const now = this.#clock().now();
    this.#startupAt = now + this.#startupMs();
    this.#timeoutAt = now + this.timeoutMinutes * 60_000;
    this.#arm();
    const { priority, maxMemoryMB } = this.settings;
    if (maxMemoryMB || (priority && priority !== 'normal')) {
      this.#limits = new ResourceLimits(this.settings, () => this.#stop('memory-limit'));
      this.#limits.start(pid, tree.enforcesLimits);
    }
    const { signal } = options;
    if (signal) {
      // A function, not the run as a `handleEvent` object: Node wraps such an object in an async closure anyway.
      this.#onAbort = () => this.#stop('cancelled', abortReason(signal));
      signal.addEventListener('abort', this.#onAbort, { once: true });
      if (signal.aborted) this.#onAbort();
    }
  }

  #unsupervise(): void {
    this.#timer?.();
    this.#timer = null;
    this.#limits?.stop();
    if (this.#onAbort) this.options.signal?.removeEventListener('abort', this.#onAbort);
    this.#onAbort = null;
  }

  #startupMs(): number {
    return (this.settings.startupSeconds ?? DEFAULT_STARTUP_SECONDS) * 1000;
  }

  /** Timers count awake time: a run does not time out because the machine slept through its deadline. */
  #clock(): AwakeClock {
    return this.options.clock ?? awakeClock;
  }

  /** Whether the armed timer is the startup window's: it is while that ends first (or both end together). */
  #startupFirst(): boolean {
    return this.#startupPending && this.#startupAt <= this.#timeoutAt;
  }

  #arm(): void {
    const at = this.#startupFirst() ? this.#startupAt : this.#timeoutAt;
    const cancel = this.#clock().after(Math.max(0, at - this.#clock().now()), this.#onDeadline);
    // A clock may call back at once (a deadline already passed), and that call may have armed the next timer.
    this.#timer ??= cancel;
  }

  /** The armed deadline passed: the startup window (the run survived it; the timeout is armed next) or the timeout. */
  #deadline(): void {
    this.#timer = null;
    if (!this.#startupFirst()) {
      this.#stop('timed-out');
      return;
    }
    this.#startupPending = false;
    safely(() => this.options.onStartupPassed?.());
    this.#arm();
  }

  #stop(ending: 'timed-out' | 'cancelled' | 'memory-limit', reason?: string): void {
    if (!this.#tree || this.#tree.stopping) return;
    this.#ending = ending;
    this.#cancelReason = reason;
    void this.#tree.stop();
  }
}

/** How the run's output is captured, and where its status lines and chunks go: methods, no closures per run. */
class RunOutput implements OutputCaptureOptions {
  readonly tailBytes = OUTPUT_TAIL_BYTES;

  constructor(
    readonly logPath: string | null,
    readonly consoleCodePage: number | null | undefined,
    private readonly hooks: Pick<ExecuteOptions, 'onStatus' | 'onOutput'>,
  ) {}

  onStatusLine(line: string): void {
    const status = parseStatusLine(line);
    if (status) safely(() => this.hooks.onStatus?.(status));
  }

  onData(chunk: Buffer): void {
    if (this.hooks.onOutput) safely(() => this.hooks.onOutput?.(chunk));
  }
}

/** A spawn the OS refused: a failed run that never had a process. */
type SpawnFailure = Pick<RunResult, 'exitCode' | 'signal' | 'durationMs' | 'message'> & { status: 'Failed' };

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}
