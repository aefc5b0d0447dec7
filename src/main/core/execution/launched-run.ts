import { resolve } from 'node:path';
import type { ProcessSettings } from '../../../shared/job-schema';
import { DEFAULT_STARTUP_SECONDS } from '../../../shared/job-timing';
import { OUTPUT_TAIL_BYTES, type RunIdentity, type RunResult } from '../../../shared/run-types';
import { awakeClock, type Cancel } from '../clock/awake-clock';
import { HUB_VERSION } from '../version';
import { abortReason } from './abort-reason';
import type { ExecuteOptions } from './execute-options';
import { logFileName } from './log-file-name';
import { describeOutcome, type OutcomeFacts } from './outcome';
import { OutputCapture } from './output-capture';
import type { PreparedLaunch } from './prepare-launch';
import { ResourceLimits } from './resource-limits';
import { safely } from './run-hooks';
import { logHeader, logOutcome } from './run-log-frame';
import type { RunEnding } from './run-result';
import { RunTree } from './run-tree';
import { type SpawnedChild, spawnChild } from './spawn-child';
import { describeSpawnError } from './spawn-error';
import { spawnTurn } from './spawn-turn';
import { parseStatusLine } from './status-protocol';

/** How long a run's output streams may stay open after its process exited (a grandchild may hold them). */
const STREAMS_CLOSE_MS = 2000;

/**
 * One launched process: owns its timers, its output capture and its tree until it is over. `wait()` only
 * orchestrates: preparing the log, spawning (spawn-child), supervising (timeout, cancel, limits), ending the tree
 * (run-tree) and turning the facts into a verdict (outcome).
 */
export class LaunchedRun {
  readonly #capture: OutputCapture;
  readonly #limits: ResourceLimits;
  readonly #timers: Cancel[] = [];
  readonly #startupMs: number;
  #tree: RunTree | null = null;
  #ending: OutcomeFacts['ending'] = 'exited';
  #cancelReason: string | undefined;
  // What the spawn needs, the merged environment above all: released once the process exists.
  #prepared: PreparedLaunch | null;
  readonly #commandLine: string;

  constructor(
    private readonly identity: RunIdentity,
    prepared: PreparedLaunch,
    private readonly settings: ProcessSettings,
    private readonly options: ExecuteOptions & { timeoutMinutes: number },
    private readonly startTime: Date,
  ) {
    this.#prepared = prepared;
    this.#commandLine = prepared.plan.display;
    this.#startupMs = (settings.startupSeconds ?? DEFAULT_STARTUP_SECONDS) * 1000;
    this.#limits = new ResourceLimits(settings, () => this.#stop('memory-limit'));
    this.#capture = new OutputCapture({
      logPath: options.logDir
        ? resolve(options.logDir, logFileName(startTime, identity.jobName, identity.runId))
        : null,
      header: logHeader({
        run: identity,
        commandLine: prepared.plan.display,
        cwd: prepared.cwd,
        startTime,
        hubVersion: HUB_VERSION,
      }),
      tailBytes: OUTPUT_TAIL_BYTES,
      consoleCodePage: prepared.plan.outputCodePage,
      onStatusLine: (line) => {
        const status = parseStatusLine(line);
        if (status) safely(() => options.onStatus?.(status));
      },
      ...(options.onOutput ? { onData: (chunk: Buffer) => safely(() => options.onOutput?.(chunk)) } : {}),
    });
  }

  async wait(): Promise<Omit<RunEnding, 'startTime'>> {
    await this.#capture.open();
    const { killGraceMs, hurry } = this.options;
    const tree = await RunTree.prepare(this.settings, this.identity.runId, killGraceMs, hurry);
    await spawnTurn();
    safely(() => this.options.onBeforeSpawn?.({ logPath: this.#capture.logPath }));
    const spawned = await this.#spawn(tree);
    if ('failed' in spawned) {
      const { failed } = spawned;
      await this.#capture.close(logOutcome(failed));
      return { status: failed.status, message: failed.message, logPath: this.#capture.logPath };
    }
    const { child, pid } = spawned;
    this.#tree = tree;
    const stopWatching = this.#supervise(pid, tree);

    const { code, signal } = await spawned.exited;
    const durationMs = Date.now() - this.startTime.getTime();
    stopWatching();

    const settled = await tree.settle();
    await Promise.race([spawned.closed, delay(STREAMS_CLOSE_MS)]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    // The output is complete (or its log failed) before the verdict, which says whether the log is complete.
    await this.#capture.settle();

    const facts: OutcomeFacts = {
      ending: this.#ending,
      exitCode: code,
      signal,
      durationMs,
      startupMs: this.#startupMs,
      successExitCodes: this.settings.successExitCodes ?? [0],
      timeoutMinutes: this.options.timeoutMinutes,
      timeoutForRun: this.options.runTimeoutMinutes !== undefined,
      lastLine: this.#capture.lastLine(),
      ...settled.facts,
      logError: this.#capture.logError,
      ...(this.#cancelReason ? { cancelReason: this.#cancelReason } : {}),
      ...(this.#limits.exceeded ? { memory: this.#limits.exceeded } : {}),
      notes: [...this.#limits.notes, ...settled.notes],
    };
    let verdict = describeOutcome(facts);
    const outcome = { ...verdict, exitCode: code, signal, durationMs };
    await this.#capture.close(logOutcome(outcome));
    // Only the log's last line could not be written: the message says so.
    if (this.#capture.logError !== facts.logError)
      verdict = describeOutcome({ ...facts, logError: this.#capture.logError });
    return {
      status: verdict.status,
      message: verdict.message,
      exitCode: code,
      signal,
      pid,
      logPath: this.#capture.logPath,
      outputTail: this.#capture.tail(),
      ...settled.accounting,
    };
  }

  /**
   * Spawns, and releases the prepared launch either way. In a method of its own: an async function's locals live
   * as long as it waits, and wait() waits for the whole run.
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
   * cancellation. Returns what undoes all of it once the process has exited. */
  #supervise(pid: number, tree: RunTree): () => void {
    const { options } = this;
    const logPath = this.#capture.logPath;
    safely(() => options.onSpawn?.({ pid, logPath, commandLine: this.#commandLine }));
    void tree.startTime.then((pidStartTime) => safely(() => options.onIdentified?.({ pid, pidStartTime })));
    this.#arm(() => safely(() => options.onStartupPassed?.()), this.#startupMs);
    this.#arm(() => this.#stop('timed-out'), options.timeoutMinutes * 60_000);
    this.#limits.start(pid, tree.enforcesLimits);
    const onAbort = () => this.#stop('cancelled', abortReason(options.signal));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    return () => {
      for (const cancel of this.#timers) cancel();
      this.#limits.stop();
      options.signal?.removeEventListener('abort', onAbort);
    };
  }

  /** Timers count awake time: a run does not time out because the machine slept through its deadline. */
  #arm(fn: () => void, ms: number): void {
    this.#timers.push((this.options.clock ?? awakeClock).after(ms, fn));
  }

  #stop(ending: 'timed-out' | 'cancelled' | 'memory-limit', reason?: string): void {
    if (!this.#tree || this.#tree.stopping) return;
    this.#ending = ending;
    this.#cancelReason = reason;
    void this.#tree.stop();
  }
}

/** A spawn the OS refused: a failed run that never had a process. */
type SpawnFailure = Pick<RunResult, 'exitCode' | 'signal' | 'durationMs' | 'message'> & { status: 'Failed' };

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}
