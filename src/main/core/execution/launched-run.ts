import { resolve } from 'node:path';
import { DEFAULT_STARTUP_SECONDS, type ProcessSettings } from '../../../shared/job-schema';
import { OUTPUT_TAIL_BYTES, type RunIdentity } from '../../../shared/run-types';
import { awakeClock, type Cancel } from '../clock/awake-clock';
import { abortReason } from './abort-reason';
import type { ExecuteOptions } from './execute-options';
import { logFileName } from './log-file-name';
import { openRunContainment } from './open-containment';
import { describeOutcome, type OutcomeFacts } from './outcome';
import { OutputCapture } from './output-capture';
import type { PreparedLaunch } from './prepare-launch';
import { ResourceLimits } from './resource-limits';
import { safely } from './run-hooks';
import type { RunEnding } from './run-result';
import { DEFAULT_KILL_GRACE_MS, RunTree } from './run-tree';
import { spawnChild } from './spawn-child';
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

  constructor(
    private readonly identity: RunIdentity,
    private readonly prepared: PreparedLaunch,
    private readonly settings: ProcessSettings,
    private readonly options: ExecuteOptions & { timeoutMinutes: number },
    private readonly startTime: Date,
  ) {
    this.#startupMs = (settings.startupSeconds ?? DEFAULT_STARTUP_SECONDS) * 1000;
    this.#limits = new ResourceLimits(settings, () => this.#stop('memory-limit'));
    this.#capture = new OutputCapture({
      logPath: options.logDir
        ? resolve(options.logDir, logFileName(startTime, identity.jobName, identity.runId))
        : null,
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
    await spawnTurn();
    safely(() => this.options.onBeforeSpawn?.({ logPath: this.#capture.logPath }));
    const containment = openRunContainment(this.identity.runId);
    const spawned = await spawnChild(this.prepared, (stream) => this.#capture.attach(stream), containment);
    if ('error' in spawned) {
      await containment?.dispose();
      await this.#capture.close();
      return { status: 'Failed', message: describeSpawnError(spawned.error, this.prepared.plan) };
    }
    const { child, pid } = spawned;
    const graceMs = this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const tree = new RunTree(pid, this.identity.runId, graceMs, this.options.hurry, containment);
    this.#tree = tree;
    const stopWatching = this.#supervise(pid, tree);

    const { code, signal } = await spawned.exited;
    const durationMs = Date.now() - this.startTime.getTime();
    stopWatching();

    const { leftovers, survivors } = await tree.settle();
    await containment?.dispose();
    await Promise.race([spawned.closed, delay(STREAMS_CLOSE_MS)]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    await this.#capture.close();

    const verdict = describeOutcome({
      ending: this.#ending,
      exitCode: code,
      signal,
      durationMs,
      startupMs: this.#startupMs,
      successExitCodes: this.settings.successExitCodes ?? [0],
      timeoutMinutes: this.options.timeoutMinutes,
      lastLine: this.#capture.lastLine(),
      leftovers,
      survivors,
      logError: this.#capture.logError,
      ...(this.#cancelReason ? { cancelReason: this.#cancelReason } : {}),
      ...(this.#limits.exceeded ? { memory: this.#limits.exceeded } : {}),
      notes: this.#limits.notes,
    });
    return {
      status: verdict.status,
      message: verdict.message,
      exitCode: code,
      signal,
      pid,
      logPath: this.#capture.logPath,
      outputTail: this.#capture.tail(),
    };
  }

  /** Tells the caller the process exists, arms the startup window and the timeout, applies limits, listens for
   * cancellation. Returns what undoes all of it once the process has exited. */
  #supervise(pid: number, tree: RunTree): () => void {
    const { options } = this;
    const logPath = this.#capture.logPath;
    safely(() => options.onSpawn?.({ pid, logPath, commandLine: this.prepared.plan.display }));
    void tree.startTime.then((pidStartTime) => safely(() => options.onIdentified?.({ pid, pidStartTime })));
    this.#arm(() => safely(() => options.onStartupPassed?.()), this.#startupMs);
    this.#arm(() => this.#stop('timed-out'), options.timeoutMinutes * 60_000);
    this.#limits.start(pid);
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

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}
