import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context';
import { benchOut } from '../lib/context';
import { bytes, ms, percent } from '../lib/stats';

const TARGET_PERCENT = 0.3;
const TARGET_RSS = 150 * 1000 * 1000;
const TARGET_OPEN_MS = 1_500;
const FULL = { jobs: 50, files: 10_000 };
// Quick mode keeps the shape but not the size: 50 watchers of 10,000 files take minutes to start.
const QUICK = { jobs: 10, files: 2_000 };

interface IdleReport {
  mode: string;
  /** Until Hub.open resolved (the peer: until its watchers were ready). */
  openMs: number;
  /** Until every file trigger's watch was up (the peer: the same as openMs). */
  watchingMs: number;
  wallMs: number;
  cpuMs: number;
  percent: number;
  /** The largest RSS seen in the window (read from outside each second, and at its end). */
  maxRss: number;
  /** CPU per second of the window, read from outside (empty where there is no /proc). */
  perSecond: number[];
}

/** CPU time of every thread of `pid` so far (ns), and its RSS (bytes), from /proc; null where it cannot. */
function processNow(pid: number): { cpuNs: number; rss: number } | null {
  try {
    let cpuNs = 0;
    for (const task of readdirSync(`/proc/${pid}/task`))
      cpuNs += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    const rssKb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpuNs, rss: Number(rssKb ?? 0) * 1024 };
  } catch {
    return null;
  }
}

function runChild(ctx: BenchContext, args: string[], timeoutMs: number): Promise<IdleReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(benchOut, 'idle-child.js'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    ctx.pids.add(child.pid);
    let out = '';
    // From the window's start: the child's CPU each second and its RSS, read from outside.
    const perSecond: number[] = [];
    let maxRss = 0;
    let sampler: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (sampler || !out.includes('window\n') || child.pid === undefined) return;
      const pid = child.pid;
      let last = processNow(pid);
      const seconds = Number(args[5]);
      sampler = setInterval(() => {
        const now = processNow(pid);
        // The window only: after it the child closes its hub, which is not idle work.
        if (!now || !last || perSecond.length >= seconds) return;
        perSecond.push((now.cpuNs - last.cpuNs) / 1e6);
        maxRss = Math.max(maxRss, now.rss);
        last = now;
      }, 1000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`idle child (${args[0]}) exited ${code}`));
      try {
        const report = JSON.parse(out.trim().split('\n').at(-1) ?? '') as IdleReport & { rssAtEnd: number };
        resolve({ ...report, maxRss: Math.max(maxRss, report.rssAtEnd), perSecond });
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The largest CPU share of any N consecutive seconds: where periodic work (rescans) shows. */
function worstWindow(perSecond: number[], n: number): number {
  let worst = 0;
  for (let i = 0; i + n <= perSecond.length; i++) {
    const sum = perSecond.slice(i, i + n).reduce((a, b) => a + b, 0);
    worst = Math.max(worst, sum / (n * 10));
  }
  return worst;
}

/**
 * 6. Idle: a hub with JOBS jobs — each a schedule that is not due and a file trigger on one folder of FILES
 * files — left alone, in a child process of its own; CPU time over wall time. The peer is the same croner
 * schedules and chokidar watchers made directly, in another child, after the hub's has ended.
 */
export const idle: Scenario = async (ctx) => {
  const { jobs: JOBS, files: FILES } = ctx.quick ? QUICK : FULL;
  const seconds = ctx.quick ? 10 : 60;
  const warmup = ctx.quick ? 2 : 3;
  const work = await ctx.tempDir('idle');
  const files = join(work, 'files');
  await mkdir(files);
  for (let i = 0; i < FILES; i++)
    await writeFile(join(files, `data-${String(i).padStart(5, '0')}.csv`), 'a,b\n');
  const timeoutMs = (seconds + warmup + 240) * 1000;
  const child = (mode: 'hub' | 'peer') =>
    runChild(ctx, [mode, join(work, mode), files, String(JOBS), String(warmup), String(seconds)], timeoutMs);
  // One after the other: each child measures its own CPU time, and a neighbour distorts it. Started together,
  // the hub's window fell inside the peer's start (a core busy for some 35 s); started once the peer was up, beside
  // its idle watchers (6-12 ms of CPU a second, and collections of up to 1.9 s in a second): the hub's timers cost
  // 1.3-4 ms of CPU a second instead of the 0.3-0.5 ms they cost alone.
  const hub = await child('hub');
  const peer = await child('peer');
  ctx.log(
    `hub ${percent(hub.percent, 3)} (open ${ms(hub.openMs, 0)}, watching ${ms(hub.watchingMs, 0)}, ${bytes(hub.maxRss)}), peer ${percent(peer.percent, 3)}`,
  );
  return {
    id: 6,
    title: `Idle (${JOBS} jobs: schedules + file triggers on ${FILES.toLocaleString('en-US')} files, ${seconds} s)`,
    peer: 'the same croner schedules + chokidar watchers, bare',
    rows: [
      {
        metric: 'CPU, % of one core',
        hub: percent(hub.percent, 3),
        peer: percent(peer.percent, 3),
        ratio: '',
        target: `≤ ${TARGET_PERCENT} %`,
        met: hub.percent <= TARGET_PERCENT,
      },
      {
        metric: 'worst 5 s window',
        hub: percent(worstWindow(hub.perSecond, 5)),
        peer: percent(worstWindow(peer.perSecond, 5)),
        ratio: '',
        target: '',
        met: null,
      },
      {
        metric: 'max RSS',
        hub: bytes(hub.maxRss),
        peer: bytes(peer.maxRss),
        ratio: '',
        target: `≤ ${TARGET_RSS / 1e6} MB`,
        met: hub.maxRss <= TARGET_RSS,
      },
      {
        metric: 'hub ready (Hub.open)',
        hub: ms(hub.openMs, 0),
        peer: ms(peer.openMs, 0),
        ratio: '',
        target: `≤ ${TARGET_OPEN_MS / 1000} s`,
        met: hub.openMs <= TARGET_OPEN_MS,
      },
      {
        metric: 'every watch up',
        hub: ms(hub.watchingMs, 0),
        peer: ms(peer.watchingMs, 0),
        ratio: '',
        target: '',
        met: null,
      },
    ],
    notes: [
      `The hub's child runs first, then the peer's (a neighbour distorts the CPU time each measures of itself); each measures its own process.cpuUsage() over ${seconds} s, from ${warmup} s after every watch is up (the peer: its watchers ready), sleeping through them: CPU per second and RSS are read from /proc by the harness.`,
      'The hub keeps one listing per (folder, pattern): one record of the folder and one OS folder watch serve all its triggers; the peer has one chokidar watcher (a watch per file) per trigger.',
    ],
    data: { jobs: JOBS, files: FILES, seconds, warmup, hub, peer },
  };
};
