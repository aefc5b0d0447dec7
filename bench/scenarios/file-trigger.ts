import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watch } from 'chokidar';
import { Hub } from '../../src/main/core/hub/hub';
import { type BenchContext, benchOut, type Scenario } from '../lib/context';
import { writeJobFile, writeSettings } from '../lib/hub';
import { closed } from '../lib/processes';
import { median, ms, percentile } from '../lib/stats';

const STABLE_S = 0.5;
const RATE_PER_S = 100;
const SLACK_MS = 150;
const MAX_CONCURRENT = 16;

interface Drop {
  /** Epoch ms (performance.timeOrigin based, comparable across processes) at which each file's write completed. */
  written: Map<string, number>;
  started: Map<string, number[]>;
  /** How long the writer took for all files (the rate it reached). */
  writeSeconds: number;
}

/** Epoch ms with sub-millisecond precision, comparable with the writer's. */
const now = () => performance.timeOrigin + performance.now();

/**
 * Writes `count` files into `folder` at RATE_PER_S from a child process (bench/drop-child.ts), so that the side
 * under test cannot slow the writer down by keeping this process busy.
 */
function dropFiles(ctx: BenchContext, folder: string, count: number, drop: Drop): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(benchOut, 'drop-child.js'), folder, String(count), String(RATE_PER_S)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    ctx.pids.add(child.pid);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`drop child exited ${code}`));
      try {
        const report = JSON.parse(out.trim()) as { written: [string, number][]; seconds: number };
        for (const [file, at] of report.written) drop.written.set(file, at);
        drop.writeSeconds = report.seconds;
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Waits until `count` runs were seen and then STABLE_S + 2 s more pass without another (extras would show). */
async function settle(count: () => number, expected: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (count() < expected && performance.now() < deadline) await sleep(50);
  await sleep(STABLE_S * 1000 + 2000);
}

function latencies(drop: Drop): number[] {
  const out: number[] = [];
  for (const [file, at] of drop.written) {
    const first = drop.started.get(file)?.[0];
    if (first !== undefined) out.push(first - at);
  }
  return out;
}

async function viaHub(ctx: BenchContext, count: number): Promise<Drop & { runs: number; failed: number }> {
  const dataDir = await ctx.tempDir('trigger-hub');
  const inbox = join(dataDir, 'inbox');
  await writeSettings(dataDir, { maxConcurrentJobs: MAX_CONCURRENT });
  await writeJobFile(dataDir, 'on-file.json', {
    name: 'on-file',
    concurrency: 'parallel',
    process: { command: 'true' },
    triggers: [{ type: 'file', path: inbox, pattern: '*.txt', stableSeconds: STABLE_S }],
  });
  await mkdir(inbox);
  const drop: Drop = { written: new Map(), started: new Map(), writeSeconds: 0 };
  let runs = 0;
  let failed = 0;
  const hub = await Hub.open({
    dataDir,
    onEvent: (event) => {
      if (event.type === 'run-started' && event.run.jobName === 'on-file') {
        const file = event.run.trigger.detail ?? '';
        const list = drop.started.get(file) ?? [];
        list.push(now());
        drop.started.set(file, list);
        ctx.pids.add(event.run.pid);
      } else if (event.type === 'run-finished' && event.result.jobName === 'on-file') {
        runs++;
        if (!event.result.success) failed++;
      }
    },
  });
  try {
    await hub.whenTriggersWatching();
    await dropFiles(ctx, inbox, count, drop);
    await settle(() => runs, count, 60_000);
  } finally {
    await hub.close();
  }
  return { ...drop, runs, failed };
}

/** chokidar's own write-finish check plus spawn: what a script would do without the hub. */
async function viaChokidar(
  ctx: BenchContext,
  count: number,
): Promise<Drop & { runs: number; failed: number }> {
  const inbox = await ctx.tempDir('trigger-peer');
  const drop: Drop = { written: new Map(), started: new Map(), writeSeconds: 0 };
  let runs = 0;
  let failed = 0;
  const children: Promise<unknown>[] = [];
  const watcher = watch(inbox, {
    ignoreInitial: true,
    depth: 0,
    awaitWriteFinish: { stabilityThreshold: STABLE_S * 1000, pollInterval: 50 },
  });
  watcher.on('add', (file) => {
    const child = spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.resume();
    child.stderr?.resume();
    child.once('spawn', () => {
      ctx.pids.add(child.pid);
      const list = drop.started.get(file) ?? [];
      list.push(now());
      drop.started.set(file, list);
    });
    children.push(
      closed(child).then(
        (code) => {
          runs++;
          if (code !== 0) failed++;
        },
        () => {
          runs++;
          failed++;
        },
      ),
    );
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  try {
    await dropFiles(ctx, inbox, count, drop);
    await settle(() => runs, count, 60_000);
  } finally {
    await watcher.close();
    await Promise.all(children);
  }
  return { ...drop, runs, failed };
}

/**
 * 5. File trigger: `count` files written into a watched folder at RATE_PER_S; a trivial job (`true`) per file.
 * Counts runs (each file must run exactly once) and the latency from a file's write to its run's start.
 */
export const fileTrigger: Scenario = async (ctx) => {
  const count = ctx.quick ? 200 : 1000;
  const hub = await viaHub(ctx, count);
  ctx.log(`hub: ${hub.runs} runs`);
  const peer = await viaChokidar(ctx, count);
  ctx.log(`chokidar: ${peer.runs} runs`);
  const hubLat = latencies(hub);
  const peerLat = latencies(peer);
  const once = (d: Drop) => [...d.written.keys()].filter((f) => d.started.get(f)?.length === 1).length;
  const target = STABLE_S * 1000 + SLACK_MS;
  const hubMedian = median(hubLat);
  return {
    id: 5,
    title: `File trigger (${count} files at ${RATE_PER_S}/s, stableSeconds ${STABLE_S})`,
    peer: 'chokidar awaitWriteFinish + spawn',
    rows: [
      {
        metric: 'runs (files run exactly once)',
        hub: `${hub.runs} (${once(hub)})`,
        peer: `${peer.runs} (${once(peer)})`,
        ratio: '',
        target: `exactly ${count}`,
        met: hub.runs === count && once(hub) === count && hub.failed === 0,
      },
      {
        metric: 'write → run start, median',
        hub: ms(hubMedian, 0),
        peer: ms(median(peerLat), 0),
        ratio: '',
        target: `≤ stableSeconds + ${SLACK_MS} = ${target} ms`,
        met: hubMedian <= target,
      },
      {
        metric: 'write → run start, p90 · max',
        hub: `${ms(percentile(hubLat, 90), 0)} · ${ms(Math.max(...hubLat), 0)}`,
        peer: `${ms(percentile(peerLat, 90), 0)} · ${ms(Math.max(...peerLat), 0)}`,
        ratio: '',
        target: '',
        met: null,
      },
    ],
    notes: [
      `The job runs with "concurrency": "parallel" and the hub with maxConcurrentJobs ${MAX_CONCURRENT}; files are written at a steady ${RATE_PER_S}/s by a separate process (writing took ${hub.writeSeconds.toFixed(1)} s for the hub, ${peer.writeSeconds.toFixed(1)} s for the peer).`,
    ],
    data: {
      count,
      hub: { runs: hub.runs, failed: hub.failed, writeSeconds: hub.writeSeconds, latencies: hubLat },
      peer: { runs: peer.runs, failed: peer.failed, writeSeconds: peer.writeSeconds, latencies: peerLat },
    },
  };
};
