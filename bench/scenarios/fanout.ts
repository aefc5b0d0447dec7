import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobExecutionOrchestrator } from '../../src/main/core/orchestrator/job-execution-orchestrator';
import { libc } from '../../src/main/core/process/posix/libc';
import type { RunResult } from '../../src/shared/run-types';
import type { BenchContext, Scenario } from '../lib/context';
import { makeJob } from '../lib/jobs';
import { type LoopDelay, loopDelayDuring } from '../lib/loop-delay';
import { closed, spawnDrained } from '../lib/processes';
import { bytes, median, ms, ratio } from '../lib/stats';

const TARGET = 1.25;

/** Event-loop delay seen during the last fan-out rounds: scenario 7 reports it (same workload). */
export let lastFanOutDelays:
  | { count: number; rounds: number; hub: LoopDelay[]; peer: LoopDelay[]; spawnCallMs: number[] }
  | undefined;

/** Starts `count` `sleep <seconds>` jobs at once through a fresh orchestrator (no concurrency limit). */
export async function fanOutHub(
  ctx: BenchContext,
  count: number,
  seconds: number,
  onAllRunning?: () => void,
): Promise<{ wallMs: number; results: RunResult[] }> {
  const logDir = join(await ctx.tempDir('fanout'), 'logs');
  const orchestrator = new JobExecutionOrchestrator({ logDir });
  const job = makeJob('fan-out', 'sleep', [String(seconds)]);
  let started = 0;
  const off = orchestrator.monitor.events.on((event) => {
    if (event.type !== 'run-started') return;
    ctx.pids.add(event.run.pid);
    if (++started === count) onAllRunning?.();
  });
  const t0 = performance.now();
  const runs = Array.from({ length: count }, () => orchestrator.executeJob(job));
  const results = await Promise.all(runs);
  const wallMs = performance.now() - t0;
  off();
  const failed = results.filter((r) => !r.success);
  if (failed.length > 0) throw new Error(`fan-out: ${failed.length} runs failed: ${failed[0]?.message}`);
  return { wallMs, results };
}

/** The same with child_process.spawn, output piped and drained like the hub does. */
export async function fanOutSpawn(
  ctx: BenchContext,
  count: number,
  seconds: number,
  onAllRunning?: () => void,
  spawnCallMs?: number[],
): Promise<{ wallMs: number }> {
  const t0 = performance.now();
  const children = Array.from({ length: count }, () => {
    const s0 = performance.now();
    const child = spawnDrained('sleep', [String(seconds)]);
    spawnCallMs?.push(performance.now() - s0);
    return child;
  });
  for (const child of children) ctx.pids.add(child.pid);
  onAllRunning?.();
  const codes = await Promise.all(children.map(closed));
  const wallMs = performance.now() - t0;
  if (codes.some((c) => c !== 0)) throw new Error('fan-out: a spawned sleep failed');
  return { wallMs };
}

/** Heap in use after a full collection. */
function heapNow(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap per running child: heap after everything is running minus heap before, over `count`. The jobs
 * sleep long enough that all are running at once; measured inside the callback that sees the last start.
 */
async function heapPerJob(
  count: number,
  start: (onAllRunning: () => void) => Promise<unknown>,
): Promise<number> {
  const before = heapNow();
  let during = Number.NaN;
  await start(() => {
    during = heapNow();
  });
  return (during - before) / count;
}

/**
 * 2. Fan-out: `count` concurrent short jobs (`sleep 1`), wall time from the first start to the last result,
 * through the orchestrator and through spawn; then the heap held per running job, with --expose-gc.
 */
export const fanOut: Scenario = async (ctx) => {
  const count = ctx.quick ? 100 : 500;
  const rounds = ctx.quick ? 1 : 3;
  const hub: number[] = [];
  const raw: number[] = [];
  const hubDelay: LoopDelay[] = [];
  const rawDelay: LoopDelay[] = [];
  const spawnCallMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so that neither side always runs on the machine the other just churned.
    const pair = [
      async () => {
        const { value, delay } = await loopDelayDuring(() => fanOutHub(ctx, count, 1));
        hub.push(value.wallMs);
        hubDelay.push(delay);
      },
      async () => {
        const { value, delay } = await loopDelayDuring(() =>
          fanOutSpawn(ctx, count, 1, undefined, spawnCallMs),
        );
        raw.push(value.wallMs);
        rawDelay.push(delay);
      },
    ];
    if (round % 2 === 1) pair.reverse();
    for (const run of pair) {
      await run();
      await sleep(500);
    }
    ctx.log(
      `round ${round + 1}: hub ${ms(hub.at(-1) ?? Number.NaN, 0)}, spawn ${ms(raw.at(-1) ?? Number.NaN, 0)}`,
    );
  }
  // Scenario 7 reports the event-loop delay of these same rounds.
  lastFanOutDelays = { count, rounds, hub: hubDelay, peer: rawDelay, spawnCallMs };
  const holdSeconds = 8;
  const hubHeap = await heapPerJob(count, (onAll) => fanOutHub(ctx, count, holdSeconds, onAll));
  await sleep(500);
  const rawHeap = await heapPerJob(count, (onAll) => fanOutSpawn(ctx, count, holdSeconds, onAll));

  const hubMedian = median(hub);
  const rawMedian = median(raw);
  const r = hubMedian / rawMedian;
  return {
    id: 2,
    title: `Fan-out (${count} concurrent \`sleep 1\`)`,
    peer: 'child_process.spawn',
    rows: [
      {
        metric: `wall time, median of ${rounds}`,
        hub: ms(hubMedian, 0),
        peer: ms(rawMedian, 0),
        ratio: ratio(r),
        target: `≤ ${TARGET.toFixed(2)}×`,
        met: r <= TARGET,
      },
      {
        metric: 'heap per running job',
        hub: bytes(hubHeap),
        peer: bytes(rawHeap),
        ratio: ratio(hubHeap / rawHeap),
        target: 'report (seed: ~1 KB of state)',
        met: null,
      },
      {
        metric: 'hub state per job (hub − spawn)',
        hub: bytes(hubHeap - rawHeap),
        peer: '',
        ratio: '',
        target: '',
        met: null,
      },
    ],
    notes: libc()
      ? [
          "On Linux with glibc the hub starts each job with posix_spawn, so it never forks itself (docs/benchmarks.md, P); the peer is child_process.spawn, as a script of one's own would be.",
        ]
      : [],
    data: {
      count,
      rounds,
      hubWallMs: hub,
      spawnWallMs: raw,
      ratio: r,
      hubHeapPerJob: hubHeap,
      spawnHeapPerJob: rawHeap,
    },
  };
};
