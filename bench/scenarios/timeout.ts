import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobExecutionOrchestrator } from '../../src/main/core/orchestrator/job-execution-orchestrator';
import type { BenchContext, Row, Scenario } from '../lib/context';
import { fixture } from '../lib/context';
import { makeJob } from '../lib/jobs';
import { readPids, waitAllDead } from '../lib/processes';
import { median, ms, percentile } from '../lib/stats';

const TIMEOUT_S = 2;
const GRACE_S = 1;
const DEPTH = 3;
/** How long after deadline + grace a process still alive counts as a survivor. */
const SURVIVOR_AFTER_MS = 500;
const PEER_OFFSET_MS = 500;

interface Variant {
  key: string;
  label: string;
  args: string[];
  /** Latency target after the deadline, in ms. */
  targetMs: number;
  targetText: string;
  /** Repetitions in a full run (quick runs do 3). */
  reps: number;
}

const variants: Variant[] = [
  {
    key: 'obeys',
    label: 'tree obeys SIGTERM',
    args: [],
    targetMs: 250,
    targetText: '≤ 250 ms, 0 survivors',
    reps: 20,
  },
  {
    key: 'ignores',
    label: 'tree ignores SIGTERM',
    args: ['--ignore-term'],
    targetMs: GRACE_S * 1000 + 250,
    targetText: `≤ grace + 250 = ${GRACE_S * 1000 + 250} ms, 0 survivors`,
    reps: 20,
  },
  {
    key: 'leaf-ignores',
    label: 'only the grandchild ignores SIGTERM',
    args: ['--ignore-term-from', '2'],
    targetMs: GRACE_S * 1000 + 250,
    targetText: `≤ grace + 250 = ${GRACE_S * 1000 + 250} ms, 0 survivors`,
    // An extra variant (not in the targets' list): it shows what the peer leaves behind.
    reps: 5,
  },
];

interface Sample {
  /** All of the tree dead, ms after the deadline (NaN when something survived). */
  latencyMs: number;
  survivors: number;
}

function treeArgs(pidsFile: string, variant: Variant): string[] {
  // --max-life bounds a leaked tree to a minute even if the harness itself dies.
  return [
    fixture('tree.mjs'),
    '--depth',
    String(DEPTH),
    '--pids-file',
    pidsFile,
    '--max-life',
    '60000',
    ...variant.args,
  ];
}

/** Watches a tree from its deadline until all of its pids are dead, or until survivors are certain. */
async function watchTree(ctx: BenchContext, pidsFile: string, deadline: number): Promise<Sample> {
  const pids = await readPids(pidsFile, DEPTH);
  ctx.pids.addAll(pids);
  if (pids.length < DEPTH) throw new Error(`timeout: the tree reported ${pids.length} of ${DEPTH} pids`);
  const wait = deadline - performance.now() - 50;
  if (wait > 0) await sleep(wait);
  const limit = deadline + GRACE_S * 1000 + SURVIVOR_AFTER_MS - performance.now();
  const { deadAt, survivors } = await waitAllDead(pids, limit, 1);
  return { latencyMs: survivors.length > 0 ? Number.NaN : deadAt - deadline, survivors: survivors.length };
}

async function viaHub(ctx: BenchContext, dir: string, variant: Variant, rep: number): Promise<Sample> {
  const pidsFile = join(dir, `hub-${variant.key}-${rep}.pids`);
  const orchestrator = new JobExecutionOrchestrator({
    logDir: join(dir, 'logs'),
    killGraceMs: GRACE_S * 1000,
  });
  const job = makeJob('timeout', process.execPath, treeArgs(pidsFile, variant), {
    process: { timeoutMinutes: TIMEOUT_S / 60 },
  });
  let deadline = Number.NaN;
  // run-started is emitted from the spawn callback, right before the run arms its timeout timer.
  orchestrator.monitor.events.on((event) => {
    if (event.type === 'run-started') deadline = performance.now() + TIMEOUT_S * 1000;
  });
  const done = orchestrator.executeJob(job);
  while (Number.isNaN(deadline)) await sleep(1);
  const sample = await watchTree(ctx, pidsFile, deadline);
  const result = await done;
  ctx.pids.add(result.pid);
  if (result.status !== 'TimedOut') throw new Error(`timeout: run ended ${result.status}: ${result.message}`);
  return sample;
}

async function viaCoreutils(ctx: BenchContext, dir: string, variant: Variant, rep: number): Promise<Sample> {
  const pidsFile = join(dir, `peer-${variant.key}-${rep}.pids`);
  const child = spawn(
    'timeout',
    ['-k', String(GRACE_S), String(TIMEOUT_S), process.execPath, ...treeArgs(pidsFile, variant)],
    {
      stdio: 'ignore',
    },
  );
  ctx.pids.add(child.pid);
  const exited = new Promise((resolve) => child.once('close', resolve));
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  const deadline = performance.now() + TIMEOUT_S * 1000;
  const sample = await watchTree(ctx, pidsFile, deadline);
  await exited;
  // Survivors are counted; the harness must not leave them for the next repetition.
  for (const pid of await readPids(pidsFile, DEPTH)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return sample;
}

function summarize(samples: Sample[]): { median: number; p90: number; survivors: number; treesLeft: number } {
  const finished = samples.filter((s) => s.survivors === 0).map((s) => s.latencyMs);
  return {
    median: median(finished),
    p90: percentile(finished, 90),
    survivors: samples.reduce((sum, s) => sum + s.survivors, 0),
    treesLeft: samples.filter((s) => s.survivors > 0).length,
  };
}

/**
 * 3. Timeout precision: a three-level tree (test/fixtures/scripts/tree.mjs) under a 2 s timeout, through the
 * orchestrator and under coreutils `timeout -k 1 2`. Latency = the deadline to the moment every pid from the
 * tree's pids file is dead (zombies count as dead), polled every millisecond.
 */
export const timeoutPrecision: Scenario = async (ctx) => {
  const dir = await ctx.tempDir('timeout');
  const rows: Row[] = [];
  const data: Record<string, unknown> = { timeoutSeconds: TIMEOUT_S, graceSeconds: GRACE_S };
  for (const variant of variants) {
    const reps = ctx.quick ? 3 : variant.reps;
    const hub: Sample[] = [];
    const peer: Sample[] = [];
    for (let rep = 0; rep < reps; rep++) {
      // Hub and peer trees overlap, the peer's started PEER_OFFSET_MS later, so that no deadline or SIGKILL
      // of one falls on one of the other; this halves the scenario's run time.
      const hubSample = viaHub(ctx, dir, variant, rep);
      await sleep(PEER_OFFSET_MS);
      const peerSample = viaCoreutils(ctx, dir, variant, rep);
      hub.push(await hubSample);
      peer.push(await peerSample);
    }
    const h = summarize(hub);
    const p = summarize(peer);
    ctx.log(
      `${variant.label}: hub median ${ms(h.median)} (${h.survivors} survivors), timeout(1) ${ms(p.median)} (${p.survivors} survivors)`,
    );
    data[variant.key] = { reps, hub, peer };
    const hubText = (s: typeof h) => (s.treesLeft === reps ? 'never all dead' : ms(s.median));
    rows.push(
      {
        metric: `${variant.label} (${reps} reps): deadline → all dead, median`,
        hub: hubText(h),
        peer: hubText(p),
        ratio: '',
        target: variant.targetText,
        met: h.median <= variant.targetMs && h.survivors === 0,
      },
      {
        metric: `${variant.label}: p90 · survivors (trees with survivors)`,
        hub: `${ms(h.p90)} · ${h.survivors} (${h.treesLeft}/${reps})`,
        peer: `${ms(p.p90)} · ${p.survivors} (${p.treesLeft}/${reps})`,
        ratio: '',
        target: '',
        met: null,
      },
    );
  }
  return {
    id: 3,
    title: `Timeout precision (${DEPTH}-level tree, ${TIMEOUT_S} s timeout, grace ${GRACE_S} s)`,
    peer: `coreutils \`timeout -k ${GRACE_S} ${TIMEOUT_S}\``,
    rows,
    notes: [
      `The hub runs with killGraceMs ${GRACE_S * 1000} (the default is 5000) so that the ignoring variants fit the run time; the target scales with it.`,
      `Each hub repetition overlaps with a peer repetition started ${PEER_OFFSET_MS} ms later (deadlines and SIGKILLs never coincide).`,
      `A survivor is a pid of the tree still alive ${SURVIVOR_AFTER_MS} ms after deadline + grace; the harness kills it afterwards.`,
    ],
    data,
  };
};
