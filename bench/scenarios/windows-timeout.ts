import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { spawnWindowsNode } from '../../scripts/wine-lane.mjs';
import { createMarker, type Marker, pidsWithMarker } from '../../test/helpers/processes';
import { lane, windowsCli, windowsNode, windowsPath, wineRunProcesses } from '../../test/helpers/wine';
import type { BenchContext, Row, Scenario } from '../lib/context';
import { repoRoot } from '../lib/context';
import { closed } from '../lib/processes';
import { median, ms, percentile } from '../lib/stats';

const TREE = join(repoRoot, 'test/windows/fixtures/tree.cjs');
const CLI = join(repoRoot, 'out/cli/automation-hub.js');
/** After the command line has exited, a process of the tree still alive this long after is a survivor. */
const SURVIVOR_AFTER_MS = 500;

interface Side {
  name: 'wine' | 'linux';
  /** Seconds: the Windows side needs time for two Windows Nodes to start under Wine before the deadline. */
  timeoutSeconds: number;
  start(job: string, marker: Marker, dir: string): ChildProcess;
  /** The live processes carrying the run's marker (Wine's own services left out). */
  marked(marker: Marker): number[];
}

const sides: Side[] = [
  {
    name: 'wine',
    timeoutSeconds: 8,
    start(job, marker, dir) {
      const out = openSync(join(dir, 'stdout'), 'w');
      const err = openSync(join(dir, 'stderr'), 'w');
      const child = spawnWindowsNode([windowsCli, 'run', windowsPath(job), '--json'], {
        cwd: dir,
        env: { [marker.name]: marker.value },
        stdout: out,
        stderr: err,
      });
      closeSync(out);
      closeSync(err);
      return child;
    },
    marked: wineRunProcesses,
  },
  {
    name: 'linux',
    timeoutSeconds: 2,
    start(job, marker, dir) {
      const out = openSync(join(dir, 'stdout'), 'w');
      const child = spawn(process.execPath, [CLI, 'run', job, '--json'], {
        cwd: dir,
        env: { ...process.env, [marker.name]: marker.value, AUTOMATION_HUB_HOME: join(dir, 'home') },
        stdio: ['ignore', out, 'ignore'],
      });
      closeSync(out);
      return child;
    },
    marked: pidsWithMarker,
  },
];

/**
 * The job's processes among the run's: those whose command line names the scenario's folder (tree.cjs is given the
 * pids file in it, the grandchild's script writes to it), less the command line itself (given the job file there).
 * Under Wine the command line is more than one Linux process, and consoles and loaders carry the marker too.
 */
function treeOf(side: Side, marker: Marker, folder: string): number[] {
  return side.marked(marker).filter((pid) => {
    let line: string;
    try {
      line = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      return false;
    }
    return line.includes(folder) && !line.includes('automation-hub.js');
  });
}

interface Sample {
  /** The whole tree dead, ms after the deadline (NaN when something survived or the tree never started). */
  latencyMs: number;
  survivors: number;
  status: string;
}

/**
 * One `automation-hub run --json` of test/windows/fixtures/tree.cjs (a Node that starts a detached grandchild and
 * stays) with a timeout, watched from Linux: every process of the run carries a marker in its environment (Wine's
 * Windows processes are Linux processes too), polled every few milliseconds. The deadline is the moment the job's
 * first process was seen plus the timeout (the run's timer starts as spawn() returns, just after).
 */
async function once(ctx: BenchContext, side: Side): Promise<Sample> {
  const dir = await ctx.tempDir(`timeout-${side.name}`);
  const marker = createMarker('AH_BENCH_MARKER');
  const node = side.name === 'wine' ? windowsNode : process.execPath;
  const path = (file: string) => (side.name === 'wine' ? windowsPath(file) : file);
  const job = join(dir, 'job.json');
  const pidsFile = join(dir, 'pids');
  await writeFile(
    job,
    JSON.stringify({
      name: 'Tree',
      process: {
        command: node,
        arguments: [path(TREE), path(pidsFile), 'stay'],
        timeoutMinutes: side.timeoutSeconds / 60,
      },
    }),
  );
  const child = side.start(job, marker, dir);
  ctx.pids.add(child.pid ?? 0);
  const folder = basename(dir);
  const exit = closed(child);
  let ended = false;
  void exit.then(() => {
    ended = true;
  });
  let seen = false;
  let firstSeenAt = Number.NaN;
  let deadAt = Number.NaN;
  let endedAt = Number.NaN;
  for (;;) {
    const tree = treeOf(side, marker, folder);
    for (const pid of tree) ctx.pids.add(pid);
    const now = Date.now();
    if (tree.length > 0) {
      if (!seen) firstSeenAt = now;
      seen = true;
      deadAt = Number.NaN;
    } else if (seen && Number.isNaN(deadAt)) deadAt = now;
    if (ended && Number.isNaN(endedAt)) endedAt = now;
    if (ended && (tree.length === 0 || now - endedAt > SURVIVOR_AFTER_MS)) break;
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  await exit;
  const survivors = treeOf(side, marker, folder);
  for (const pid of side.marked(marker)) ctx.pids.add(pid);
  let result: { status?: string } = {};
  try {
    result = JSON.parse(readFileSync(join(dir, 'stdout'), 'utf8'));
  } catch {
    // Reported below as a run without a result.
  }
  // The run's timer starts when spawn() returns; its process exists (and is seen) from just before.
  const deadline = firstSeenAt + side.timeoutSeconds * 1000;
  return {
    latencyMs: survivors.length === 0 && seen ? deadAt - deadline : Number.NaN,
    survivors: survivors.length,
    status: result.status ?? 'no result',
  };
}

/**
 * 9. Timeout precision of the Windows engine, run for real under Wine (Job Objects through koffi), beside the same
 * command line and job on Linux (cgroup or process group): deadline → every process of the tree dead.
 */
export const windowsTimeout: Scenario = async (ctx) => {
  const reps = ctx.quick ? 2 : 5;
  const title = `Timeout precision, Windows engine under Wine (tree with a grandchild, ${reps} reps)`;
  const peer = 'the same command line and job on Linux';
  if (!lane.ok || !lane.wine) {
    return {
      id: 9,
      title,
      peer,
      rows: [
        {
          metric: 'deadline → all dead',
          hub: 'not measured',
          peer: '',
          ratio: '',
          target: '',
          met: null,
        },
      ],
      notes: [`Not measured here: ${lane.ok ? 'this is Windows itself' : lane.reason}.`],
      data: {},
    };
  }
  const samples: Record<Side['name'], Sample[]> = { wine: [], linux: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const side of sides) {
      const sample = await once(ctx, side);
      ctx.log(`  ${side.name} ${rep + 1}/${reps}: ${sample.status}, ${ms(sample.latencyMs)}`);
      samples[side.name].push(sample);
    }
  }
  const latencies = (name: Side['name']) =>
    samples[name].map((s) => s.latencyMs).filter((v) => !Number.isNaN(v));
  const survivors = (name: Side['name']) => samples[name].reduce((n, s) => n + s.survivors, 0);
  const timedOut = (name: Side['name']) => samples[name].filter((s) => s.status === 'TimedOut').length;
  const wine = latencies('wine');
  const linux = latencies('linux');
  // The issue asks for the figure beside Linux's; what must hold is that every run timed out and nothing survived.
  const met = wine.length === reps && survivors('wine') === 0 && timedOut('wine') === reps;
  const rows: Row[] = [
    {
      metric: 'deadline → all dead, median',
      hub: ms(median(wine)),
      peer: ms(median(linux)),
      ratio: '',
      target: 'reported; every run TimedOut, 0 survivors',
      met,
    },
    {
      metric: 'p90 · survivors · runs TimedOut',
      hub: `${ms(percentile(wine, 90))} · ${survivors('wine')} · ${timedOut('wine')}/${reps}`,
      peer: `${ms(percentile(linux, 90))} · ${survivors('linux')} · ${timedOut('linux')}/${reps}`,
      ratio: '',
      target: '',
      met: null,
    },
  ];
  return {
    id: 9,
    title,
    peer,
    rows,
    notes: [
      `Timeouts: ${sides.map((s) => `${s.timeoutSeconds} s (${s.name})`).join(', ')}; the Windows side needs the time to start two Windows Nodes under Wine. Windows has no graceful step (TerminateJobObject at the deadline); on Linux the tree obeys SIGTERM.`,
      'Watched from Linux every 3 ms through a marker in every process’s environment (a scan of /proc takes a few ms more); the deadline is the moment the job’s first process was seen, plus the timeout. Under Wine a process is seen while CreateProcess is still under way, before spawn() returns and the run’s timer starts, so the Wine figure is an upper bound that includes part of the start.',
    ],
    data: { samples },
  };
};
