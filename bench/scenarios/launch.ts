import { join } from 'node:path';
import { JobExecutionOrchestrator } from '../../src/main/core/orchestrator/job-execution-orchestrator';
import type { Scenario } from '../lib/context';
import { makeJob } from '../lib/jobs';
import { closed, spawnDrained } from '../lib/processes';
import { median, ms, percentile, ratio } from '../lib/stats';

const TARGET = 1.1;

/**
 * 1. Launch overhead: `node -e 0` run after run, through the orchestrator (as the hub configures it: a log
 * file per run) and through child_process.spawn with piped, drained output. Interleaved, alternating which
 * goes first, so that drift in the machine's load hits both alike.
 */
export const launchOverhead: Scenario = async (ctx) => {
  const runs = ctx.quick ? 30 : 200;
  const warmup = ctx.quick ? 3 : 10;
  const logDir = join(await ctx.tempDir('launch'), 'logs');
  const orchestrator = new JobExecutionOrchestrator({ logDir });
  const job = makeJob('launch', process.execPath, ['-e', '0']);

  const viaHub = async (): Promise<number> => {
    const t0 = performance.now();
    const result = await orchestrator.executeJob(job);
    const elapsed = performance.now() - t0;
    ctx.pids.add(result.pid);
    if (!result.success) throw new Error(`launch: run failed: ${result.message}`);
    return elapsed;
  };
  const viaSpawn = async (): Promise<number> => {
    const t0 = performance.now();
    const child = spawnDrained(process.execPath, ['-e', '0']);
    ctx.pids.add(child.pid);
    const code = await closed(child);
    const elapsed = performance.now() - t0;
    if (code !== 0) throw new Error(`launch: spawn exited ${code}`);
    return elapsed;
  };

  const hub: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 === 0 ? [viaHub, viaSpawn] : [viaSpawn, viaHub];
    const times: number[] = [];
    for (const run of order) times.push(await run());
    if (i < warmup) continue;
    const [first, second] = times as [number, number];
    hub.push(i % 2 === 0 ? first : second);
    raw.push(i % 2 === 0 ? second : first);
  }
  const hubMedian = median(hub);
  const rawMedian = median(raw);
  const r = hubMedian / rawMedian;
  return {
    id: 1,
    title: `Launch overhead (${runs} sequential \`node -e 0\`)`,
    peer: 'child_process.spawn',
    rows: [
      {
        metric: 'median per run',
        hub: ms(hubMedian),
        peer: ms(rawMedian),
        ratio: ratio(r),
        target: `≤ ${TARGET.toFixed(2)}×`,
        met: r <= TARGET,
      },
      {
        metric: 'p90 per run',
        hub: ms(percentile(hub, 90)),
        peer: ms(percentile(raw, 90)),
        ratio: ratio(percentile(hub, 90) / percentile(raw, 90)),
        target: '',
        met: null,
      },
      {
        metric: 'overhead per run (median difference)',
        hub: ms(hubMedian - rawMedian),
        peer: '',
        ratio: '',
        target: '',
        met: null,
      },
    ],
    notes: [
      'execa is not a dependency of the project and was not installed for this benchmark; only child_process.spawn is compared.',
    ],
    data: { runs, warmup, hubMs: hub, spawnMs: raw, hubMedian, rawMedian, ratio: r },
  };
};
