// One idle process for scenario 6, started by the harness so that its CPU time is its own:
//   node bench/out/idle-child.js <hub|peer> <workDir> <filesDir> <jobs> <warmupSeconds> <seconds>
// hub: a Hub with <jobs> jobs, each with a schedule and a file trigger on <filesDir>.
// peer: the same schedules and watchers made directly with croner and chokidar (what the hub is built on).
// Prints `window` when its measured window starts, then one JSON line: CPU time over the window and RSS at its end
// (the harness reads CPU per second and RSS from /proc meanwhile).
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watch } from 'chokidar';
import { Cron } from 'croner';
import { Hub } from '../src/main/core/hub/hub';
import { writeJobFile } from './lib/hub';

const [mode = 'hub', workDir = '', filesDir = '', jobsText = '50', warmupText = '5', secondsText = '60'] =
  process.argv.slice(2);
const jobs = Number(jobsText);
// Never due in the window: 00:<i> on 1 January.
const cronFor = (i: number) => `${i % 60} 0 1 1 *`;

async function openHub(): Promise<{ close: () => Promise<void>; watching: Promise<void> }> {
  const dataDir = join(workDir, 'hub-data');
  for (let i = 0; i < jobs; i++) {
    await writeJobFile(dataDir, `job-${i}.json`, {
      name: `idle ${i}`,
      process: { command: 'true' },
      triggers: [
        { type: 'schedule', cron: cronFor(i) },
        { type: 'file', path: filesDir, pattern: '*.csv', stableSeconds: 2 },
      ],
    });
  }
  const hub = await Hub.open({ dataDir });
  const armed = (await hub.listJobs()).filter((j) => j.triggers.length === 2).length;
  if (armed !== jobs) throw new Error(`idle: ${armed} of ${jobs} jobs loaded`);
  return { close: () => hub.close(), watching: hub.whenTriggersWatching() };
}

async function openPeer(): Promise<{ close: () => Promise<void>; watching: Promise<void> }> {
  const crons = Array.from({ length: jobs }, (_, i) => new Cron(cronFor(i), () => {}));
  const watchers = await Promise.all(
    Array.from({ length: jobs }, async () => {
      const w = watch(filesDir, { ignoreInitial: true, depth: 0, alwaysStat: true });
      w.on('add', () => {});
      await new Promise<void>((resolve) => w.once('ready', () => resolve()));
      return w;
    }),
  );
  return {
    close: async () => {
      for (const c of crons) c.stop();
      await Promise.all(watchers.map((w) => w.close()));
    },
    watching: Promise.resolve(), // its watchers were ready before open() returned
  };
}

async function main(): Promise<void> {
  const openStarted = performance.now();
  const { close, watching } = mode === 'hub' ? await openHub() : await openPeer();
  const openMs = performance.now() - openStarted;
  // Idle means after start-up: the file triggers' watches (chokidar's own first scan) are up before the clock.
  await watching;
  const watchingMs = performance.now() - openStarted;
  await sleep(Number(warmupText) * 1000);
  const seconds = Number(secondsText);
  // Left alone for the window: one sleep. A process that wakes every second to read its own CPU time spends CPU
  // doing it (0.3-1.3 ms a wake-up here); the harness samples CPU per second and RSS from /proc instead.
  process.stdout.write('window\n');
  const start = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const used = process.cpuUsage(start);
  const wallMs = performance.now() - t0;
  const cpuMs = (used.user + used.system) / 1000;
  const rssAtEnd = process.memoryUsage.rss();
  await close();
  process.stdout.write(
    `${JSON.stringify({ mode, openMs, watchingMs, wallMs, cpuMs, percent: (cpuMs / wallMs) * 100, rssAtEnd })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
