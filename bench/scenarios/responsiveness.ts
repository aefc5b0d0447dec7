import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, Scenario } from '../lib/context';
import { LOOP_DELAY_RESOLUTION_MS, type LoopDelay, loopDelayDuring } from '../lib/loop-delay';
import { median, ms, percentile } from '../lib/stats';
import { fanOutHub, fanOutSpawn, lastFanOutDelays } from './fanout';

const TARGET_MS = 50;

/** Scenario 2's rounds when they ran in this process; otherwise one round of the same workload here. */
async function delays(ctx: BenchContext) {
  if (lastFanOutDelays) return { ...lastFanOutDelays, shared: true };
  const count = ctx.quick ? 100 : 500;
  const spawnCallMs: number[] = [];
  const hub = (await loopDelayDuring(() => fanOutHub(ctx, count, 1))).delay;
  await sleep(500);
  const peer = (await loopDelayDuring(() => fanOutSpawn(ctx, count, 1, undefined, spawnCallMs))).delay;
  return { count, rounds: 1, hub: [hub], peer: [peer], spawnCallMs, shared: false };
}

const med = (list: LoopDelay[], key: keyof LoopDelay) => median(list.map((d) => d[key]));

/**
 * 7. Responsiveness: event-loop delay (perf_hooks.monitorEventLoopDelay) in the process that runs the jobs,
 * while `count` `sleep 1` jobs start and finish at once: orchestrator vs a plain spawn loop. The workload is
 * scenario 2's, so its rounds are measured once for both.
 */
export const responsiveness: Scenario = async (ctx) => {
  const d = await delays(ctx);
  const hubP99 = med(d.hub, 'p99');
  ctx.log(`hub p99 ${ms(hubP99)}; spawn p99 ${ms(med(d.peer, 'p99'))}`);
  return {
    id: 7,
    title: `Responsiveness (event-loop delay while ${d.count} jobs start and finish)`,
    peer: 'child_process.spawn loop',
    rows: [
      {
        metric: `event-loop delay p99, median of ${d.rounds}`,
        hub: ms(hubP99),
        peer: ms(med(d.peer, 'p99')),
        ratio: '',
        target: `≤ ${TARGET_MS} ms`,
        met: hubP99 <= TARGET_MS,
      },
      {
        metric: 'p50 · max',
        hub: `${ms(med(d.hub, 'p50'))} · ${ms(Math.max(...d.hub.map((x) => x.max)))}`,
        peer: `${ms(med(d.peer, 'p50'))} · ${ms(Math.max(...d.peer.map((x) => x.max)))}`,
        ratio: '',
        target: '',
        met: null,
      },
      {
        metric: 'one spawn() call (synchronous), p99 · max',
        hub: '',
        peer: `${ms(percentile(d.spawnCallMs, 99))} · ${ms(Math.max(...d.spawnCallMs))}`,
        ratio: '',
        target: '',
        met: null,
      },
    ],
    notes: [
      `monitorEventLoopDelay with ${LOOP_DELAY_RESOLUTION_MS} ms resolution; values are the delay beyond the sampling interval. One blocked stretch counts as one sample however long it is, which is why a single synchronous spawn loop shows a low p99 and a large max.`,
      d.shared
        ? 'Measured during the fan-out rounds of scenario 2 (the same workload), hub and peer alike.'
        : 'Measured in one round of the fan-out workload of scenario 2.',
    ],
    data: { ...d, resolutionMs: LOOP_DELAY_RESOLUTION_MS },
  };
};
